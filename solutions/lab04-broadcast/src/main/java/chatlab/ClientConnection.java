package chatlab;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The server's end of one client's connection: reads the client's lines with the protocol's
 * bound, and sends it whole lines.
 *
 * <p>Sending is two steps: {@link #write} puts a line in a buffer, {@link #flush} sends what the
 * buffer holds. A flush costs a system call and, on the wire, a TCP segment with 40 bytes of headers:
 * a writer that has ten lines waiting writes the ten and flushes once (see {@link ClientHandler}).
 */
public class ClientConnection implements Closeable {

    private final Socket socket;
    private final LineReader in;
    private final Writer out;

    public ClientConnection(Socket socket) throws IOException {
        this.socket = socket;
        // Nagle's algorithm holds a small segment back while an earlier one is not acknowledged, hoping
        // to fill it up: up to 40 ms of delay for a chat line. We flush whole batches ourselves: send at once.
        socket.setTcpNoDelay(true);
        this.in = new LineReader(socket.getInputStream());
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * The client's next line; null when the client closed the connection.
     *
     * @throws LineReader.LineTooLongException if the client sent a line over the protocol's limit
     */
    public String readLine() throws IOException {
        return in.readLine();
    }

    /** Adds a line to what {@link #flush()} sends (a full buffer is sent on its own). */
    public void write(String line) throws IOException {
        out.write(line);
        out.write('\n');
    }

    /** Sends every line written so far, at once: they must leave now, not when the buffer happens to fill up. */
    public void flush() throws IOException {
        out.flush();
    }

    /** Closes the connection; a thread blocked in {@link #readLine()} then gets an IOException. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}

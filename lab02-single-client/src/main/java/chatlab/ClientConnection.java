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
 * <p>One thread reads; other threads may send at the same moment (the operator, another client's
 * handler, the server shutting down), so {@link #send} is synchronized: two lines written at the
 * same time must never be mixed up on the wire.
 */
public class ClientConnection implements Closeable {

    private final Socket socket;
    private final LineReader in;
    private final Writer out;

    public ClientConnection(Socket socket) throws IOException {
        // TODO Step 1: keep the socket, read it with a LineReader, write it in UTF-8
        throw new UnsupportedOperationException("TODO Step 1: keep the socket, read it with a LineReader, write it in UTF-8");
    }

    /**
     * The client's next line; null when the client closed the connection.
     *
     * @throws LineReader.LineTooLongException if the client sent a line over the protocol's limit
     */
    public String readLine() throws IOException {
        // TODO Step 1: read the next line
        throw new UnsupportedOperationException("TODO Step 1: read the next line");
    }

    /** Sends one line to the client, at once. */
    public synchronized void send(String line) throws IOException {
        // TODO Step 1: write the line and its '\n', then flush, in one synchronized method
        throw new UnsupportedOperationException("TODO Step 1: write the line and its '\\n', then flush, in one synchronized method");
    }

    /** Closes the connection; a thread blocked in {@link #readLine()} then gets an IOException. */
    @Override
    public void close() throws IOException {
        // TODO Step 1: close the socket
        throw new UnsupportedOperationException("TODO Step 1: close the socket");
    }
}

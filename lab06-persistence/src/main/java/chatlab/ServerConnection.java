package chatlab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The client's end of the connection to a chat server (PROTOCOL.md): joins under a name, sends
 * messages, and hands every line the server sends to a {@link Listener}. The server's end of the
 * same connection is {@link ClientConnection}.
 *
 * <p>There is no Swing in this class: it knows the network, the panels know the screen. Its
 * threads are part of its contract:
 * <ul>
 *   <li>{@link #connect} blocks until the server has answered (or a time-out): call it on a
 *       background thread, never on the event dispatch thread;</li>
 *   <li>the listener is called on the connection's own reader thread;</li>
 *   <li>{@link #send} and {@link #quit} return at once: a writer thread of the connection does
 *       the writing, because a write can block when the server does not read.</li>
 * </ul>
 */
public class ServerConnection implements Closeable {

    /** How long to wait for the server to accept the connection. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for the answer to the name. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** Gets what the server sends. Both methods are called on the connection's reader thread. */
    public interface Listener {

        /** A line from the server, without its line end. */
        void lineReceived(String line);

        /**
         * The server closed the connection, or it broke. Called once, after the last line; not
         * called when this client ended the connection itself ({@link #quit()}, {@link #close()}).
         */
        void connectionEnded();
    }

    /** The server refused the name ({@code REFUSED <code> <text>}). */
    public static final class NameRefusedException extends IOException {

        private final String code;

        public NameRefusedException(String code, String text) {
            super("the server refused the name: " + text);
            this.code = code;
        }

        /** {@code NAME_INVALID} or {@code NAME_TAKEN}. */
        public String code() {
            return code;
        }
    }

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;
    private final String name;
    private final String address;
    /**
     * Writes the lines that send() and quit() hand over, one after another, in order. A thread
     * of its own, so that the thread that calls send() (in the client, the event dispatch
     * thread) never waits for the network.
     */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> new Thread(task, "chat writer"));
    /** Set once this client ends the connection: then the end of the stream is no surprise. */
    private volatile boolean closing;

    private ServerConnection(Socket socket, String name, String address) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
        this.name = name;
        this.address = address;
    }

    /**
     * Connects to a chat server and joins under the name. Blocks until the server has answered:
     * never call it on the event dispatch thread.
     *
     * @throws java.net.UnknownHostException if the host name is unknown
     * @throws java.net.ConnectException if nobody accepts connections on that port
     * @throws java.net.SocketTimeoutException if the server did not accept or answer in time
     * @throws NameRefusedException if the server refused the name
     * @throws IOException if the connection broke, or the other side is no chat server
     */
    public static ServerConnection connect(String host, int port, String name) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            ServerConnection connection = new ServerConnection(socket, name, host + ":" + port);
            connection.join();
            return connection;
        } catch (IOException | RuntimeException failed) {
            socket.close();
            throw failed;
        }
    }

    /** Sends the name and reads the answer (PROTOCOL.md §2). */
    private void join() throws IOException {
        writeLine(name);
        socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        String answer = in.readLine();
        socket.setSoTimeout(0); // from now on the server speaks when it has something to say
        if (answer == null) {
            throw new EOFException(Texts.get("connection.noAnswer"));
        }
        String[] words = answer.split(" ", 3);
        switch (words[0]) {
            case "WELCOME" -> {
                // in the chat
            }
            case "REFUSED" -> throw new NameRefusedException(words.length > 1 ? words[1] : "",
                    words.length > 2 ? words[2] : answer);
            default -> throw new ProtocolException(Texts.get("connection.notAChatServer", answer));
        }
    }

    /** The name this client joined with. */
    public String name() {
        return name;
    }

    /** Where the server is, as {@code host:port}. */
    public String address() {
        return address;
    }

    /**
     * Starts the reader thread: it hands every line the server sends to the listener, in order,
     * and at the end tells it the connection ended (unless this client ended it). Returns at once.
     */
    public void startReading(Listener listener) {
        Thread reader = new Thread(() -> readLines(listener), "chat reader");
        reader.setDaemon(true); // it must not keep the program alive once the window is gone
        reader.start();
    }

    /** The reader thread's work: every line to the listener, then the end of the connection. */
    private void readLines(Listener listener) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                listener.lineReceived(line);
            }
        } catch (IOException broken) {
            // The connection broke, or this client closed it: which one, `closing` tells.
        }
        if (!closing) {
            listener.connectionEnded();
        }
    }

    /** Sends a message to the chat. Returns at once: the writer thread writes it. */
    public void send(String text) {
        if (!closing) {
            writer.execute(() -> writeOrClose(text));
        }
    }

    /** Leaves the chat politely: sends {@code {quit}}, then closes the connection. Returns at once. */
    public void quit() {
        if (closing) {
            return;
        }
        closing = true;
        writer.execute(() -> {
            writeOrClose(Protocol.QUIT);
            closeSocket();
        });
        writer.shutdown(); // the writer thread ends once {quit} is out
    }

    /** Writes a line; if the connection is broken, closes it, so that the reader notices the end. */
    private void writeOrClose(String line) {
        try {
            writeLine(line);
        } catch (IOException broken) {
            closeSocket();
        }
    }

    /** Writes one line to the server, at once. */
    private void writeLine(String line) throws IOException {
        out.write(line + "\n");
        out.flush(); // a line left in the buffer never reaches the server
    }

    /** Ends the connection at once, without a word to the server (a failed start, a lost server). */
    @Override
    public void close() {
        closing = true;
        writer.shutdownNow();
        closeSocket();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a broken socket may fail; it is closed either way.
        }
    }
}

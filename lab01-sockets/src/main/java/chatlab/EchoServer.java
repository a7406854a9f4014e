package chatlab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A TCP echo server: every line a client sends comes back to it unchanged.
 *
 * <p>Clients are served one after another: while one is connected, the next waits in the
 * operating system's queue of pending connections until {@link #serve()} accepts it.
 */
public class EchoServer implements Closeable {

    private final ServerSocket serverSocket;

    /**
     * Opens the server socket: from now on the port is taken and clients can connect.
     *
     * @param port the port to listen on; 0 asks the operating system for any free port
     */
    public EchoServer(int port) throws IOException {
        // TODO Step 1: open a ServerSocket bound to the given port
        throw new UnsupportedOperationException("TODO Step 1: open a ServerSocket bound to the given port");
    }

    /** The port the server listens on: the real one, also when it was created with port 0. */
    public int port() {
        // TODO Step 1: return the port the server socket is bound to
        throw new UnsupportedOperationException("TODO Step 1: return the port the server socket is bound to");
    }

    /** Accepts clients one after another and echoes their lines; returns after {@link #close()}. */
    public void serve() throws IOException {
        // TODO Step 2: accept clients one after another until the server is closed
        throw new UnsupportedOperationException("TODO Step 2: accept clients one after another until the server is closed");
    }

    /** Sends every line back to the client, until it closes its side of the connection. */
    private static void echoLines(Socket client) throws IOException {
        // TODO Step 3: read the client's lines in UTF-8 and write each one back, flushed
        throw new UnsupportedOperationException("TODO Step 3: read the client's lines in UTF-8 and write each one back, flushed");
    }

    /** Stops the server: frees the port and makes {@link #serve()} return. */
    @Override
    public void close() throws IOException {
        // TODO Step 4: close the server socket
        throw new UnsupportedOperationException("TODO Step 4: close the server socket");
    }

    /** Runs the server from the command line: {@code EchoServer [port]}, by default 12345. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 12345;
        try (EchoServer server = new EchoServer(port)) {
            System.out.println("Echo server listening on port " + server.port()
                    + ". Try it: nc localhost " + server.port() + "   (Ctrl+C stops the server)");
            server.serve();
        }
    }
}

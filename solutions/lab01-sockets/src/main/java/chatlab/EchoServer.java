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
        // region Step 1: open a ServerSocket bound to the given port
        serverSocket = new ServerSocket(port);
        // endregion
    }

    /** The port the server listens on: the real one, also when it was created with port 0. */
    public int port() {
        // region Step 1: return the port the server socket is bound to
        return serverSocket.getLocalPort();
        // endregion
    }

    /** Accepts clients one after another and echoes their lines; returns after {@link #close()}. */
    public void serve() throws IOException {
        // region Step 2: accept clients one after another until the server is closed
        while (true) {
            Socket client;
            try {
                client = serverSocket.accept();
            } catch (SocketException closed) {
                return; // close() was called: accept() gives up with this exception
            }
            try (client) {
                echoLines(client);
            } catch (IOException brokenClient) {
                // This client's connection broke; that is its problem, not the server's.
            }
        }
        // endregion
    }

    /** Sends every line back to the client, until it closes its side of the connection. */
    private static void echoLines(Socket client) throws IOException {
        // region Step 3: read the client's lines in UTF-8 and write each one back, flushed
        BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new BufferedWriter(
                new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) { // null: the client closed the connection
            out.write(line + "\n");
            out.flush(); // without it the reply may wait in the buffer forever
        }
        // endregion
    }

    /** Stops the server: frees the port and makes {@link #serve()} return. */
    @Override
    public void close() throws IOException {
        // region Step 4: close the server socket
        serverSocket.close();
        // endregion
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

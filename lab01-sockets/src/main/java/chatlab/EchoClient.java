package chatlab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A TCP client that sends lines to an echo server and returns its replies. */
public class EchoClient implements Closeable {

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;

    /** Connects to the server; fails with an IOException if nobody listens there. */
    public EchoClient(String host, int port) throws IOException {
        // TODO Step 5: connect a Socket and wrap its streams for UTF-8 text
        throw new UnsupportedOperationException("TODO Step 5: connect a Socket and wrap its streams for UTF-8 text");
    }

    /**
     * Sends one line and waits for the server's reply.
     *
     * @return the line the server sent back, or null if the server closed the connection
     */
    public String send(String line) throws IOException {
        // TODO Step 5: write the line with its '\n', flush, then read one line back
        throw new UnsupportedOperationException("TODO Step 5: write the line with its '\\n', flush, then read one line back");
    }

    /** Closes the connection: the server sees the end of the stream. */
    @Override
    public void close() throws IOException {
        // TODO Step 5: close the socket
        throw new UnsupportedOperationException("TODO Step 5: close the socket");
    }

    /** Reads lines from the keyboard, sends each one and prints the reply: {@code EchoClient [host] [port]}. */
    public static void main(String[] args) throws IOException {
        String host = args.length > 0 ? args[0] : "localhost";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 12345;
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (EchoClient client = new EchoClient(host, port)) {
            System.out.println("Connected to " + host + ":" + port + ". Type lines; Ctrl+D (Ctrl+Z on Windows) ends.");
            String line;
            while ((line = keyboard.readLine()) != null) {
                System.out.println("server: " + client.send(line));
            }
        }
    }
}

package chatlab.load;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat server a student writes first, kept only to be measured against the kit's (docs/BENCHMARKS.md):
 * a thread per client, and {@code broadcast} writes and flushes every line to every socket while
 * holding one lock. It speaks just enough of the protocol for the load tool (no name checks, no
 * limits). Do not copy it: one client that stops reading freezes the whole chat.
 *
 * <p>{@code java -cp chat-load.jar chatlab.load.NaiveChatServer PORT [nodelay]}: with
 * {@code nodelay}, the same design with Nagle's algorithm turned off.
 */
public final class NaiveChatServer {

    private final List<Writer> clients = new ArrayList<>();
    private final boolean noDelay;

    private NaiveChatServer(boolean noDelay) {
        this.noDelay = noDelay;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        NaiveChatServer server = new NaiveChatServer(args.length > 1 && args[1].equals("nodelay"));
        try (ServerSocket listener = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
            System.out.println("Naive chat server on port " + port + (server.noDelay ? " (TCP_NODELAY)" : ""));
            while (true) {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(server.noDelay);
                new Thread(() -> server.serve(socket)).start();
            }
        }
    }

    private void serve(Socket socket) {
        Writer out = null;
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
            String name = in.readLine();
            synchronized (this) {
                out.write("WELCOME " + name + "\n");
                out.flush();
                broadcast("JOINED " + name);
                clients.add(out);
            }
            for (String line; (line = in.readLine()) != null && !line.equals("{quit}"); ) {
                broadcast("MSG " + name + " " + line);
            }
        } catch (IOException gone) {
            // the client left
        } finally {
            synchronized (this) {
                clients.remove(out);
            }
        }
    }

    /** One lock around all the writes, one flush per line per client: the design being measured. */
    private synchronized void broadcast(String line) {
        for (Writer client : clients) {
            try {
                client.write(line + "\n");
                client.flush();
            } catch (IOException broken) {
                // its own thread will notice and remove it
            }
        }
    }
}

package chatlab;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A chat server that serves many clients at the same time: one thread per client.
 *
 * <p>The thread that calls {@link #serve()} only accepts connections; each client is then served
 * by a {@link ClientHandler} on a thread of its own, so a client that is slow, silent or gone
 * blocks nobody but itself. In this lab a message goes back to its sender only (lab04 sends it
 * to everyone).
 */
public class ChatServer implements Closeable {

    private final ServerSocket serverSocket;
    /**
     * Every connected client. The serve() thread adds to it while handler threads remove
     * themselves and others read it: it must be safe for many threads at once.
     */
    // region Step 2: a set of ClientHandlers that many threads may use at the same time
    private final Set<ClientHandler> clients = ConcurrentHashMap.newKeySet();
    //> private final Set<ClientHandler> clients = null;
    // endregion

    public ChatServer(int port) throws IOException {
        this.serverSocket = new ServerSocket(port);
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Accepts clients and starts a handler thread for each, until {@link #close()}; then tells
     * every client the server is shutting down, closes every connection and returns.
     */
    public void serve() throws IOException {
        // region Step 2: accept clients, each with a ClientHandler on a thread of its own; after close(), shut them down
        while (true) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException closed) {
                break; // close() was called
            }
            try {
                ClientHandler client = new ClientHandler(this, new ClientConnection(socket));
                clients.add(client);
                new Thread(client, "client " + socket.getRemoteSocketAddress()).start();
            } catch (IOException brokenAlready) {
                socket.close(); // it broke before we could even talk to it: next one
            }
        }
        shutDownClients();
        // endregion
    }

    /** Called once the accept loop ended: no client can be added any more, so none is missed. */
    private void shutDownClients() {
        // region Step 3: tell every client the server shuts down and close its connection
        for (ClientHandler client : clients) {
            client.shutDown();
        }
        // endregion
    }

    /** Called by a handler when its client is gone. */
    void remove(ClientHandler client) {
        // region Step 2: remove the client from the set
        clients.remove(client);
        // endregion
    }

    /** The names of the clients in the chat now (those that have been welcomed), as a snapshot. */
    public Set<String> online() {
        // region Step 2: the names of the welcomed clients, copied into a new set
        return clients.stream()
                .map(ClientHandler::name)
                .filter(name -> name != null) // still choosing a name
                .collect(Collectors.toUnmodifiableSet());
        // endregion
    }

    /** Stops accepting clients: serve() then shuts every client down and returns. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** Runs the server: {@code ChatServer [port]}. Connect with {@code nc localhost 12345}. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Protocol.DEFAULT_PORT;
        try (ChatServer server = new ChatServer(port)) {
            System.out.println("Chat server on port " + server.port() + ". Connect with: nc localhost "
                    + server.port() + "   (Ctrl+C stops the server)");
            server.serve();
        }
    }
}

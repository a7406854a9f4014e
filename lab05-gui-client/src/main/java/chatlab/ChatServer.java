package chatlab;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A chat server where everyone hears everyone: every message goes to every client in the chat.
 *
 * <p>As in lab03, one thread accepts connections and each client has a {@link ClientHandler} on
 * a thread of its own. What is new is the traffic between clients. Three rules keep it right:
 * <ul>
 *   <li>one lock (this server's monitor) around every change to the chat: a message, a join, a
 *       leave. So all clients see the same events in the same order, and a name is checked and
 *       taken in one step;</li>
 *   <li>under that lock nobody ever writes to a socket: a line only goes into each client's
 *       queue, which never waits. A client that does not read cannot stall the others;</li>
 *   <li>a client whose queue is full is dropped (PROTOCOL.md, "slow readers").</li>
 * </ul>
 */
public class ChatServer implements Closeable {

    private final ServerSocket serverSocket;
    /**
     * Every connected client. The serve() thread adds to it while handler threads remove
     * themselves and others read it: it must be safe for many threads at once.
     */
    private final Set<ClientHandler> clients = ConcurrentHashMap.newKeySet();

    /**
     * A server on this machine's loopback address only: nobody else on the network can connect.
     * A server in a lab room should let others in only when its author means to.
     */
    public ChatServer(int port) throws IOException {
        this(InetAddress.getLoopbackAddress(), port);
    }

    /** A server on one address of this machine, e.g. 0.0.0.0 to let in the whole network. */
    public ChatServer(InetAddress address, int port) throws IOException {
        this.serverSocket = new ServerSocket(port, 50, address);
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
    }

    /**
     * Called once the accept loop ended: no client can be added any more, so none is missed.
     * Under the lock, so that no LEFT notice slips in between: once every queue ends with
     * SHUTDOWN, what handlers announce as they end is never sent.
     */
    private synchronized void shutDownClients() {
        for (ClientHandler client : clients) {
            client.finish(Protocol.SHUTDOWN);
        }
    }

    /**
     * Sends a line to every client in the chat, the same order for all. Clients whose queue is
     * full are dropped, and everyone else is told.
     */
    synchronized void broadcast(String line) {
        List<ClientHandler> tooSlow = new ArrayList<>();
        for (ClientHandler client : clients) {
            if (client.name() != null && !client.offer(line)) {
                tooSlow.add(client);
            }
        }
        for (ClientHandler client : tooSlow) { // not inside the loop above: it would change the set it walks
            client.disconnect();
            leave(client, Protocol.LEFT_DROPPED);
        }
    }

    /**
     * Broadcasts a client's message, if the client is still in the chat. A client dropped a moment
     * ago may still have lines it had read before: they must not reach the others after its LEFT.
     */
    synchronized void broadcastFrom(ClientHandler sender, String text) {
        if (clients.contains(sender)) {
            broadcast(Protocol.message(sender.name(), text));
        }
    }

    /**
     * Lets the client into the chat under this name, unless someone in the chat has it already
     * (ignoring case). Checking and taking the name happen under one lock: two clients asking
     * for the same name at the same moment cannot both get it.
     *
     * @return whether the client was welcomed
     */
    synchronized boolean join(ClientHandler newcomer, String name) {
        for (ClientHandler client : clients) {
            if (name.equalsIgnoreCase(client.name())) {
                return false;
            }
        }
        broadcast(Protocol.joined(name)); // before welcome(): the newcomer does not get its own JOINED
        newcomer.welcome(name);
        return true;
    }

    /** Removes a client that is gone and, if it was in the chat, tells the others, once. */
    synchronized void leave(ClientHandler client, String why) {
        if (clients.remove(client) && client.name() != null) {
            broadcast(Protocol.left(client.name(), why));
        }
    }

    /** The names of the clients in the chat now (those that have been welcomed), as a snapshot. */
    public Set<String> online() {
        return clients.stream()
                .map(ClientHandler::name)
                .filter(name -> name != null) // still choosing a name
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Stops accepting clients: serve() then shuts every client down and returns. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /**
     * Runs the server: {@code ChatServer [port [address]]}, on this machine only unless an address
     * is given ({@code 0.0.0.0}: every address, for classmates). Connect with {@code nc localhost 12345}.
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Protocol.DEFAULT_PORT;
        InetAddress address = args.length > 1 ? InetAddress.getByName(args[1]) : InetAddress.getLoopbackAddress();
        try (ChatServer server = new ChatServer(address, port)) {
            System.out.println(Texts.get("console.started", address.getHostAddress(), server.port()));
            server.serve();
        }
    }
}

package chatlab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A chat server where everyone hears everyone, and that remembers: every line it broadcasts is
 * recorded in a {@link ChatLog}, and a newcomer gets the last records as history (lab06).
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
 * The log is written under the same lock, before the line goes out: so the file holds the lines
 * in the order everyone saw them, and no line is seen that is not already recorded.
 *
 * <p>A server open to a whole network also needs {@link ServerLimits}: a maximum number of
 * connections, and a time limit for a newcomer to get a name.
 */
public class ChatServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);

    private final ServerSocket serverSocket;
    private final ChatLog log;
    private final ServerLimits limits;
    /** Closes the connections that were not welcomed in time: one thread for all of them. */
    private final ScheduledThreadPoolExecutor nameTimer = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "name timer");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * The name deadline of each connection not welcomed yet. Cancelled as soon as the connection
     * is welcomed or gone: a deadline left waiting would keep the whole client in memory until
     * its time is up, and a few thousand connections that come and go would fill the heap.
     */
    private final Map<ClientHandler, NameDeadline> nameDeadlines = new ConcurrentHashMap<>();

    /** A connection still choosing its name: where it comes from, and when its time is up. */
    private record NameDeadline(InetAddress from, Future<?> timer) {
    }
    /**
     * Every connected client. The serve() thread adds to it while handler threads remove
     * themselves and others read it: it must be safe for many threads at once.
     */
    private final Set<ClientHandler> clients = ConcurrentHashMap.newKeySet();

    /**
     * A server on every address of this machine.
     *
     * @param logFile     the chat log: read for history, then appended to (created if missing)
     * @param historySize how many past records a newcomer gets, 0 to {@link Protocol#MAX_HISTORY}
     */
    public ChatServer(int port, Path logFile, int historySize) throws IOException {
        this(null, port, logFile, historySize);
    }

    /** A server on one address of this machine (null: every address), e.g. 127.0.0.1 for this machine only. */
    public ChatServer(InetAddress address, int port, Path logFile, int historySize) throws IOException {
        this(address, port, logFile, historySize, ServerLimits.DEFAULT);
    }

    /** A server on one address of this machine (null: every address), with these limits. */
    public ChatServer(InetAddress address, int port, Path logFile, int historySize, ServerLimits limits)
            throws IOException {
        this(address, port, logFile, historySize, limits, ChatLog.Rotation.DEFAULT);
    }

    /** A server with these limits, whose log is rotated as {@code rotation} says. */
    public ChatServer(InetAddress address, int port, Path logFile, int historySize, ServerLimits limits,
                      ChatLog.Rotation rotation) throws IOException {
        this.limits = limits;
        LookAlikes.load(); // now, not when the first newcomer waits for its WELCOME
        nameTimer.setRemoveOnCancelPolicy(true); // a cancelled deadline leaves the timer's queue at once
        this.log = new ChatLog(logFile, historySize, rotation);
        try {
            this.serverSocket = new ServerSocket(port, 50, address);
        } catch (IOException e) {
            log.close(); // no server, no log: leave nothing open behind
            throw e;
        }
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
            if (clients.size() >= limits.maxClients()) { // only this thread adds: the size cannot grow meanwhile
                refuse(socket, Protocol.serverFull(limits.maxClients()));
                continue;
            }
            if (!roomToChooseAName(socket.getInetAddress())) {
                refuse(socket, Protocol.tooManyUnnamed());
                continue;
            }
            try {
                ClientHandler client = new ClientHandler(this, new ClientConnection(socket));
                clients.add(client);
                LOG.info("Connection from {}", socket.getRemoteSocketAddress());
                nameDeadlines.put(client, new NameDeadline(socket.getInetAddress(), nameTimer.schedule(
                        () -> dropIfNotWelcomed(client), limits.nameTimeout().toMillis(), TimeUnit.MILLISECONDS)));
                // before the client can leave
                ServerThreads.start("client " + socket.getRemoteSocketAddress(), client); // virtual on Java 21+
            } catch (IOException brokenAlready) {
                socket.close(); // it broke before we could even talk to it: next one
            }
        }
        nameTimer.shutdownNow();
        shutDownClients();
    }

    /**
     * Whether a new connection from this address may start choosing a name: connections that have
     * no name yet are bounded, in all and per address, so that one machine (or a few) cannot hold
     * every place by connecting again and again without a name (PROTOCOL.md §11).
     */
    private boolean roomToChooseAName(InetAddress from) {
        return nameDeadlines.size() < limits.maxUnnamed()
                && nameDeadlines.values().stream().filter(waiting -> waiting.from().equals(from)).count()
                < limits.maxUnnamedPerAddress();
    }

    /**
     * Tells a connection the server cannot take it and closes it, without a thread or a queue: one
     * short line fits in the socket's empty send buffer, so this write never waits.
     */
    private void refuse(Socket socket, String why) {
        // INFO, not WARN: anyone can cause it at will, and only INFO lines may be dropped by a stuck console.
        LOG.info("Connection from {} refused: {}", socket.getRemoteSocketAddress(), why);
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write((why + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException gone) {
            // It left already: nothing to tell.
        }
    }

    /**
     * A connection that has no name yet when its time is up is closed: otherwise anyone could
     * hold the server's threads and connections by connecting and saying nothing. Under the lock,
     * so that a client welcomed at that very moment is not closed.
     */
    private synchronized void dropIfNotWelcomed(ClientHandler client) {
        nameDeadlines.remove(client);
        if (client.name() == null && clients.remove(client)) { // removed: a name sent now can no longer join
            client.finish(Protocol.nameTimeout(limits.nameTimeout()));
            LOG.info("A connection sent no accepted name within {} s: closed", limits.nameTimeout().toSeconds());
        }
    }

    /** The connection is welcomed or gone: its name deadline no longer matters. */
    private void forgetNameDeadline(ClientHandler client) {
        NameDeadline deadline = nameDeadlines.remove(client);
        if (deadline != null) {
            deadline.timer().cancel(false);
        }
    }

    /**
     * Called once the accept loop ended: no client can be added any more, so none is missed.
     * Under the lock, so that no LEFT notice slips in between: once every queue ends with
     * SHUTDOWN, what handlers announce as they end is never sent, nor recorded: the log is closed.
     */
    private synchronized void shutDownClients() {
        log.close();
        for (ClientHandler client : clients) {
            client.finish(Protocol.SHUTDOWN);
        }
    }

    /**
     * Records a line in the log, then sends it to every client in the chat, the same order for
     * all. Clients whose queue is full are dropped, and everyone else is told.
     */
    synchronized void broadcast(String line) {
        // TODO Step 3: record the line in the log first: nobody may see a line that is not recorded yet
        // (not recorded yet)
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
     * or one a reader could take for it ({@link LookAlikes}: ignoring case, {@code аlice} in
     * Cyrillic for {@code alice}), and sends it the history. Checking and taking the name happen under one
     * lock: two clients asking for the same name at the same moment cannot both get it.
     *
     * @return whether the client was welcomed
     */
    synchronized boolean join(ClientHandler newcomer, String name) {
        if (!clients.contains(newcomer)) {
            return false; // its name deadline passed: it got ERROR NAME_TIMEOUT and is being closed
        }
        List<String> looks = LookAlikes.keys(name);
        for (ClientHandler client : clients) {
            if (client.name() != null && LookAlikes.confusable(looks, client.nameLooks())) { // aIice is not alice
                return false;
            }
        }
        // TODO Step 5: take the history before the newcomer's JOINED is recorded; send it right after WELCOME
        broadcast(Protocol.joined(name));
        newcomer.welcome(name, looks);
        forgetNameDeadline(newcomer);
        LOG.info("{} joined", name);
        return true;
    }

    /** Removes a client that is gone and, if it was in the chat, tells the others, once. */
    synchronized void leave(ClientHandler client, String why) {
        forgetNameDeadline(client);
        if (clients.remove(client) && client.name() != null) {
            broadcast(Protocol.left(client.name(), why));
            LOG.info("{} left ({})", client.name(), why);
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
     * Runs the server: {@code ChatServer [port [log file [history size]]]}. Connect with
     * {@code nc localhost 12345}. (The full chat, with options and a clean Ctrl+C, is the
     * solution's {@code chat.jar}: see the README.)
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Protocol.DEFAULT_PORT;
        Path logFile = Path.of(args.length > 1 ? args[1] : Protocol.DEFAULT_LOG_FILE);
        int historySize = args.length > 2 ? Integer.parseInt(args[2]) : Protocol.DEFAULT_HISTORY;
        try (ChatServer server = new ChatServer(port, logFile, historySize)) {
            System.out.println("Chat server on port " + server.port() + ", log " + logFile.toAbsolutePath()
                    + ". Connect with: nc localhost " + server.port() + "   (Ctrl+C stops the server)");
            server.serve();
        }
    }
}

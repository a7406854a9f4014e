package chatlab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 *       send queue, which never waits. Right after the lock, the same thread writes the line to
 *       every socket that has room, without waiting either ({@link ClientConnection}). A client
 *       that does not read cannot stall the others;</li>
 *   <li>a client is dropped for what it does, not for what the server does: when more than its
 *       budget waits for it for longer than a grace time (PROTOCOL.md, "slow readers"). A client
 *       that is behind but reads makes the senders wait for it instead.</li>
 * </ul>
 * The log is written under the same lock, before the line goes out: so the file holds the lines
 * in the order everyone saw them, and no line is seen that is not already recorded.
 *
 * <p>A server open to a whole network also needs {@link ServerLimits}: a maximum number of
 * connections, and a time limit for a newcomer to get a name.
 */
public class ChatServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);

    private final ServerSocketChannel serverSocket;
    private final SocketReader socketReader;
    private final SocketWriter socketWriter;
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
    /** Connections that got lines under the lock and must be written to right after it ({@link #flushQueued()}). */
    private List<ClientConnection> toFlush = new ArrayList<>();
    /** Whose turn it is to write ({@link #flushQueued()}): the rounds started and done, and whether one is going on. */
    private final ReentrantLock flushTurn = new ReentrantLock();
    private final Condition roundDone = flushTurn.newCondition();
    private long roundsStarted;
    private long roundsDone;
    private boolean writing;
    /** Clients to drop: one after the other, each LEFT may make more (never a recursion). Under the lock. */
    private final Queue<ClientHandler> toDrop = new ArrayDeque<>();
    private boolean dropping;
    /** Clients found behind but still reading by the last broadcast: its sender waits for them. Under the lock. */
    private List<ClientConnection> behind = new ArrayList<>();
    /** A client that took bytes within this time is still reading (ns). */
    private static final long STILL_READING = TimeUnit.MILLISECONDS.toNanos(500);
    /** The longest a sender waits for readers behind, per message (ns). */
    private static final long MAX_SENDER_WAIT = TimeUnit.SECONDS.toNanos(1);

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
            this.serverSocket = ServerSocketChannel.open();
            serverSocket.bind(new InetSocketAddress(address, port), 50);
            this.socketReader = new SocketReader();
            this.socketWriter = new SocketWriter();
        } catch (IOException e) {
            log.close(); // no server, no log: leave nothing open behind
            throw e;
        }
        long check = Math.max(10, limits.sendQueueGrace().toMillis() / 10);
        nameTimer.scheduleWithFixedDelay(this::dropStalledClients, check, check, TimeUnit.MILLISECONDS);
    }

    /** The limits this server applies. */
    public ServerLimits limits() {
        return limits;
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.socket().getLocalPort();
    }

    /**
     * Accepts clients and starts a handler thread for each, until {@link #close()}; then tells
     * every client the server is shutting down, closes every connection and returns.
     */
    public void serve() throws IOException {
        while (true) {
            SocketChannel socket;
            try {
                socket = serverSocket.accept();
            } catch (ClosedChannelException closed) {
                break; // close() was called
            }
            if (clients.size() >= limits.maxClients()) { // only this thread adds: the size cannot grow meanwhile
                refuse(socket, Protocol.serverFull(limits.maxClients()));
                continue;
            }
            if (!roomToChooseAName(socket.socket().getInetAddress())) {
                refuse(socket, Protocol.tooManyUnnamed());
                continue;
            }
            try {
                ClientHandler client = new ClientHandler(this,
                        new ClientConnection(socket, socketReader, socketWriter, limits.sendQueueBytes()), limits.flood());
                clients.add(client);
                LOG.info(Texts.get("console.connection", socket.getRemoteAddress()));
                nameDeadlines.put(client, new NameDeadline(socket.socket().getInetAddress(), nameTimer.schedule(
                        () -> dropIfNotWelcomed(client), limits.nameTimeout().toMillis(), TimeUnit.MILLISECONDS)));
                // before the client can leave
                ServerThreads.start("client " + socket.getRemoteAddress(), client); // virtual on Java 21+
            } catch (IOException brokenAlready) {
                socket.close(); // it broke before we could even talk to it: next one
            }
        }
        nameTimer.shutdownNow();
        shutDownClients();
        socketWriter.closeWhenDone();
        socketReader.close();
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
    private void refuse(SocketChannel socket, String why) {
        try (socket) {
            // INFO, not WARN: anyone can cause it at will, and only INFO lines may be dropped by a stuck console.
            LOG.info(Texts.get("console.refused", socket.getRemoteAddress(), why));
            socket.write(ByteBuffer.wrap(bytesOf(why)));
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
            LOG.info(Texts.get("console.nameTimeout", limits.nameTimeout().toSeconds()));
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
     * The slow-reader rule (PROTOCOL.md §6): a client that has had more than its budget waiting
     * for it, without a break, for longer than the grace time is dropped. Runs on the timer now and
     * then, so that a client that stopped reading goes even when nobody speaks.
     */
    private void dropStalledClients() {
        synchronized (this) {
            long now = System.nanoTime();
            for (ClientHandler client : clients) {
                if (client.name() != null && client.connection().overBudgetFor(limits.sendQueueGrace().toNanos(), now)) {
                    toDrop.add(client);
                }
            }
            dropQueued();
        }
        flushQueued();
    }

    /**
     * Records a line in the log, then puts it in the send queue of every client in the chat, the
     * same order for all; the lines leave right after the lock ({@link #flushQueued()}).
     */
    synchronized void broadcast(String line) {
        // region Step 3: record the line in the log first: nobody may see a line that is not recorded yet
        log.append(line);
        //> // (not recorded yet)
        // endregion
        byte[] bytes = bytesOf(line); // once for everyone
        long now = System.nanoTime();
        for (ClientHandler client : clients) {
            if (client.name() == null) {
                continue; // still choosing a name
            }
            ClientConnection connection = client.connection();
            if (connection.queue(bytes)) {
                toFlush.add(connection);
            } else if (connection.overBudgetFor(limits.sendQueueGrace().toNanos(), now)) {
                toDrop.add(client);
            } else if (connection.behindButReading(STILL_READING, now)) {
                behind.add(connection);
            }
        }
        dropQueued();
    }

    /**
     * Drops the clients found too slow, and tells everyone. Each LEFT may find more to drop: they go
     * into the same queue, and this loop takes them one after the other. (Calling leave() from
     * broadcast() directly would recurse once per dropped client: hundreds dropped at once
     * would overflow the thread's stack.)
     */
    private void dropQueued() {
        if (dropping) {
            return; // this loop is already running, further up the stack
        }
        dropping = true;
        try {
            for (ClientHandler client; (client = toDrop.poll()) != null; ) {
                client.disconnect();
                leaveUnderLock(client, Protocol.LEFT_DROPPED);
            }
        } finally {
            dropping = false;
        }
    }

    /**
     * Writes the lines queued under the lock to the sockets that have room, without waiting. Called
     * right after the lock by whoever held it.
     *
     * <p>One thread at a time writes, in rounds: a round takes every connection with lines waiting
     * and writes each one's lines at once. A thread that finds a round going on does not write
     * itself; it waits until a round has taken its lines, then goes back to reading its client. So
     * when the chat is quiet each line leaves at once, and when it is busy, the lines of many
     * senders leave together, in one system call per client: the busier the chat, the fewer calls
     * per line. And a sender cannot send faster than the rounds write: the chat slows down to what
     * the server can do, it does not pile up backlogs.
     *
     * <p>A thread writes one round, the one that takes its own lines, and then hands the turn to a
     * thread still waiting for its round. Were it to write every round as long as lines come, its
     * own client would not be read meanwhile: under a heavy load, its messages would wait seconds
     * while everyone else's leave in milliseconds (docs/BENCHMARKS.md §7).
     */
    private void flushQueued() {
        flushTurn.lock();
        try {
            long mine = roundsStarted + 1; // the next round to start takes my lines (if an earlier one did not)
            while (writing && roundsDone < mine) {
                roundDone.awaitUninterruptibly();
            }
            if (roundsDone >= mine) {
                return; // written (or being written) by someone else's round
            }
            writing = true;
        } finally {
            flushTurn.unlock();
        }
        // Let the threads that are ready to run go first: senders with a line read already queue
        // it now, and this round takes it too (nothing to wait for when the server is idle).
        Thread.yield();
        List<ClientConnection> round;
        flushTurn.lock();
        try {
            synchronized (this) { // taken and counted in one step: a line queued after it waits for the next round
                round = toFlush;
                toFlush = new ArrayList<>();
            }
            roundsStarted++;
        } finally {
            flushTurn.unlock();
        }
        for (ClientConnection connection : round) {
            connection.flushSoon();
        }
        flushTurn.lock();
        try {
            roundsDone++;
            writing = false; // the next round is written by one of the threads whose lines it takes
            roundDone.signalAll();
        } finally {
            flushTurn.unlock();
        }
    }

    /**
     * Sends a line to one client. Under the lock it is only queued and leaves right after the
     * lock; outside it, it is written at once (without waiting).
     */
    void sendTo(ClientConnection connection, String line) {
        if (connection.queue(bytesOf(line))) {
            if (Thread.holdsLock(this)) {
                toFlush.add(connection);
            } else {
                connection.flush();
            }
        }
    }

    /**
     * Broadcasts a client's message, if the client is still in the chat. A client dropped a moment
     * ago may still have lines it had read before: they must not reach the others after its LEFT.
     *
     * <p>Then, if a client that reads is behind (more than its budget waits for it), the sender's
     * thread waits a moment before it reads the sender's next line: the chat slows down to what its
     * readers take, instead of dropping them.
     */
    void broadcastFrom(ClientHandler sender, String text) throws InterruptedException {
        List<ClientConnection> behindNow;
        synchronized (this) {
            if (clients.contains(sender)) {
                broadcast(Protocol.message(sender.name(), text));
            }
            behindNow = behind;
            behind = new ArrayList<>();
        }
        flushQueued();
        long waitUntil = System.nanoTime() + MAX_SENDER_WAIT;
        for (ClientConnection reader : behindNow) {
            while (reader.behindButReading(STILL_READING, System.nanoTime()) && !reader.isClosed()
                    && System.nanoTime() < waitUntil) {
                Thread.sleep(5);
            }
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
    boolean join(ClientHandler newcomer, String name) {
        List<String> looks = LookAlikes.keys(name); // costly (Unicode tables): outside the chat's lock
        synchronized (this) {
            if (!clients.contains(newcomer)) {
                return false; // its name deadline passed: it got ERROR NAME_TIMEOUT and is being closed
            }
            for (ClientHandler client : clients) {
                if (client.name() != null && LookAlikes.confusable(looks, client.nameLooks())) { // aIice is not alice
                    return false;
                }
            }
            // region Step 5: take the history before the newcomer's JOINED is recorded; send it right after WELCOME
            List<ChatRecord> history = log.history();
            broadcast(Protocol.joined(name)); // before welcome(): the newcomer does not get its own JOINED
            newcomer.welcome(name, looks);
            for (ChatRecord record : history) { // under the lock: no live line can slip in between
                newcomer.offer(Protocol.history(record));
            }
            //> broadcast(Protocol.joined(name));
            //> newcomer.welcome(name, looks);
            // endregion
            forgetNameDeadline(newcomer);
        }
        flushQueued();
        LOG.info(Texts.get("console.joined", name));
        return true;
    }

    /** Removes a client that is gone and, if it was in the chat, tells the others, once. */
    void leave(ClientHandler client, String why) {
        synchronized (this) {
            leaveUnderLock(client, why);
        }
        flushQueued();
    }

    private void leaveUnderLock(ClientHandler client, String why) {
        forgetNameDeadline(client);
        if (clients.remove(client) && client.name() != null) {
            broadcast(Protocol.left(client.name(), why));
            LOG.info(Texts.get("console.left", client.name(), why));
        }
    }

    /** A line as the protocol sends it: UTF-8, ending with '\n'. */
    static byte[] bytesOf(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
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
            System.out.println(Texts.get("console.started", server.port(), logFile.toAbsolutePath()));
            server.serve();
        }
    }
}

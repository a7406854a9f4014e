package chatlab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Serves one client with two threads: this handler's thread reads the client's lines, and a
 * writer thread of its own sends the client the lines waiting in its queue.
 *
 * <p>Why a queue and a writer? Writing to a socket blocks when the client does not read. If the
 * thread of another client (or the server's lock) had to wait for that, one stuck client would
 * freeze the chat. Here others only {@link #offer} lines, which never waits; the writer is the only
 * thread that may block on this client, and it blocks nobody else.
 */
public class ClientHandler implements Runnable {

    /** Put in the queue after the last line: the writer then closes the connection. */
    private static final String CLOSE = new String("<close>"); // compared by identity, never sent

    private final ChatServer server;
    private final ClientConnection connection;
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(Protocol.MAX_QUEUED_LINES);
    /** Null until the client is welcomed. Written under the server's lock, read by others: volatile. */
    private volatile String name;

    public ClientHandler(ChatServer server, ClientConnection connection) {
        this.server = server;
        this.connection = connection;
    }

    /** The client's name, or null while it has not been welcomed. */
    public String name() {
        return name;
    }

    @Override
    public void run() {
        Thread writer = new Thread(this::sendQueuedLines, Thread.currentThread().getName() + " writer");
        writer.start();
        String why = Protocol.LEFT_LOST;
        try {
            why = chat();
        } catch (IOException gone) {
            // The connection broke or was closed: the client is lost.
        } finally {
            server.leave(this, why);
            finish(null);
        }
    }

    /**
     * The conversation: a name, then messages until {@code {quit}} or the end of the stream.
     *
     * @return why the client left: {@link Protocol#LEFT_QUIT} or {@link Protocol#LEFT_LOST}
     */
    private String chat() throws IOException {
        try {
            if (!askName()) {
                return Protocol.LEFT_LOST;
            }
            String line;
            while ((line = connection.readLine()) != null) {
                if (line.equals(Protocol.QUIT)) {
                    return Protocol.LEFT_QUIT;
                }
                if (Protocol.isMessage(line)) {
                    server.broadcastFrom(this, line);
                }
            }
        } catch (LineReader.LineTooLongException tooLong) { // a name line too, not only a message
            server.leave(this, Protocol.LEFT_LOST); // first: no broadcast may come after the ERROR line
            offer(Protocol.lineTooLong());
        }
        return Protocol.LEFT_LOST;
    }

    /** Reads name lines until the server lets the client join; false if it left before. */
    private boolean askName() throws IOException {
        while (true) {
            String line = connection.readLine();
            if (line == null || line.equals(Protocol.QUIT)) {
                return false;
            }
            String name = Protocol.normalizeName(line); // 'e' + accent and 'é' are one name
            if (!Protocol.isValidName(name)) {
                offer(Protocol.refusedInvalidName());
            } else if (server.join(this, name)) {
                return true;
            } else {
                offer(Protocol.refusedTakenName(name));
            }
        }
    }

    /** Called by the server, under its lock, when the client is let in: names it and greets it. */
    void welcome(String name) {
        this.name = name;
        offer(Protocol.welcome(name));
    }

    /**
     * Queues a line for the client without ever waiting.
     *
     * @return false if the queue is full: the client is not reading
     */
    public boolean offer(String line) {
        return outbox.offer(line);
    }

    /**
     * The writer thread: sends queued lines, in order, until told to close or the connection breaks.
     * It waits for one line, then takes every line that queued up meanwhile and sends them with one
     * flush. When the chat is quiet that is one line per flush; when it is busy, one flush carries
     * many lines, so the writer keeps up exactly when it matters (the load tool measures it).
     */
    private void sendQueuedLines() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(outbox.take()); // waits for a line
                outbox.drainTo(batch); // and takes all the others already there, without waiting
                for (String line : batch) {
                    if (line == CLOSE) {
                        connection.flush();
                        return; // the finally block closes the connection
                    }
                    connection.write(line);
                }
                connection.flush();
                batch.clear();
            }
        } catch (IOException | InterruptedException broken) {
            // Nothing more can reach this client.
        } finally {
            disconnect(); // also wakes up the reading thread, if it still waits for a line
        }
    }

    /**
     * Sends a last line (if not null) after those already queued, then closes the connection. A
     * client whose queue is full gets neither: its connection is closed at once.
     */
    public void finish(String lastLine) {
        boolean queued = (lastLine == null || offer(lastLine)) && offer(CLOSE);
        if (!queued) {
            disconnect();
        }
    }

    /** Closes the connection now; both threads of this client then end. */
    public void disconnect() {
        try {
            connection.close();
        } catch (IOException ignored) {
            // Closing a socket that is already broken may fail; it is closed either way.
        }
    }
}

package chatlab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serves one client: this handler's thread reads the client's lines and acts on them. Lines for the
 * client go into its connection's send queue, which never waits ({@link ClientConnection}): a client
 * that does not read cannot stall the thread of anyone else, nor the server's lock.
 */
public class ClientHandler implements Runnable {

    private final ChatServer server;
    private final ClientConnection connection;
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    private final FloodControl flood;
    /** Whether the console was told about the client's current flood (read and written by its thread only). */
    private boolean floodReported;
    /** Null until the client is welcomed. Written under the server's lock, read by others: volatile. */
    private volatile String name;
    private volatile List<String> nameLooks;

    public ClientHandler(ChatServer server, ClientConnection connection, FloodLimit floodLimit) {
        this.server = server;
        this.connection = connection;
        this.flood = new FloodControl(floodLimit);
    }

    /** The client's name, or null while it has not been welcomed. */
    public String name() {
        return name;
    }

    ClientConnection connection() {
        return connection;
    }

    @Override
    public void run() {
        String why = Protocol.LEFT_LOST;
        try {
            why = chat();
        } catch (IOException gone) {
            // The connection broke or was closed: the client is lost.
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
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
    private String chat() throws IOException, InterruptedException {
        try {
            if (!askName()) {
                return Protocol.LEFT_LOST;
            }
            String line;
            while ((line = connection.readLine()) != null) {
                if (line.equals(Protocol.QUIT)) {
                    return Protocol.LEFT_QUIT;
                }
                if (!Protocol.isMessage(line)) {
                    continue;
                }
                if (withinFloodLimit(line)) {
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
    private boolean askName() throws IOException, InterruptedException {
        while (true) {
            String line = connection.readLine();
            if (line == null || line.equals(Protocol.QUIT)) {
                return false;
            }
            if (!withinFloodLimit(line)) { // a name tried again and again costs the chat's lock each time
                continue;
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

    /**
     * Takes the line's share of the client's flood allowance. Over it, the client waits here (nothing
     * more is read from it meanwhile); over it for too long, the line is refused with ERROR FLOOD,
     * and the server's console says so each time it starts refusing.
     */
    private boolean withinFloodLimit(String line) throws InterruptedException {
        if (flood.admit(line.getBytes(StandardCharsets.UTF_8).length) == FloodControl.Verdict.SEND) {
            floodReported = false;
            return true;
        }
        offer(Protocol.flood(server.limits().flood()));
        if (!floodReported) {
            floodReported = true;
            LOG.warn(Texts.get("console.flooding", name != null ? name : connection.remoteAddress()));
        }
        return false;
    }

    /**
     * Called by the server, under its lock, when the client is let in: names it and greets it.
     *
     * @param looks the name's {@link LookAlikes#keys}, kept so that each newcomer's name is compared
     *              with those online without computing theirs again
     */
    void welcome(String name, List<String> looks) {
        this.nameLooks = looks;
        this.name = name;
        offer(Protocol.welcome(name));
    }

    /** What the client's name looks like ({@link LookAlikes#keys}); null while it has not been welcomed. */
    List<String> nameLooks() {
        return nameLooks;
    }

    /** Sends a line to this client; never waits (under the server's lock, it leaves right after it). */
    void offer(String line) {
        server.sendTo(connection, line);
    }

    /**
     * Sends a last line (if not null) after those already queued, then closes the connection. A
     * client far behind gets neither: its connection is closed at once. Never waits.
     */
    public void finish(String lastLine) {
        connection.queueLast(lastLine == null ? null : ChatServer.bytesOf(lastLine));
    }

    /** Closes the connection now; the client's thread then ends. */
    public void disconnect() {
        connection.close();
    }
}

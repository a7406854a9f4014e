package chatlab;

import java.time.Duration;

/**
 * What a server takes before it says no (PROTOCOL.md, "Limits"). Each connection costs a thread
 * and some memory, so a server that says yes to everything can be brought down by anyone who opens
 * connections faster than it can serve them, who opens them and never says a word, or who never
 * reads what it is sent.
 *
 * @param maxClients     how many connections at once, welcomed or still choosing a name; the server
 *                       answers more with {@code ERROR SERVER_FULL} and closes them
 * @param nameTimeout    how long a connection may take to be welcomed; then it gets
 *                       {@code ERROR NAME_TIMEOUT} and is closed
 * @param sendQueueBytes the budget of a client's send queue (its "SendQ"): the bytes that may wait
 *                       for a client without counting against it
 * @param sendQueueGrace how long a client's send queue may stay over its budget without a break;
 *                       then the client is dropped ({@code LEFT <name> dropped})
 * @param flood          how fast one client may send (see {@link FloodLimit})
 * @param maxUnnamed     how many connections at once may be still choosing a name; the server
 *                       answers more with {@code ERROR TOO_MANY_UNNAMED} and closes them
 * @param maxUnnamedPerAddress the same, for the connections from one address
 */
public record ServerLimits(int maxClients, Duration nameTimeout, long sendQueueBytes, Duration sendQueueGrace,
                           FloodLimit flood, int maxUnnamed, int maxUnnamedPerAddress) {

    /** The protocol's limits (PROTOCOL.md §11). */
    public static final ServerLimits DEFAULT = new ServerLimits(Protocol.MAX_CLIENTS, Protocol.NAME_TIMEOUT);

    public ServerLimits {
        if (maxClients < 1) {
            throw new IllegalArgumentException("at least one client must be allowed, not " + maxClients);
        }
        if (nameTimeout.isNegative() || nameTimeout.isZero()) {
            throw new IllegalArgumentException("the name timeout must be above zero, not " + nameTimeout);
        }
        if (sendQueueBytes < Protocol.MAX_LINE_BYTES) {
            throw new IllegalArgumentException("the send queue must hold at least one line, not " + sendQueueBytes);
        }
        if (sendQueueGrace.isNegative() || sendQueueGrace.isZero()) {
            throw new IllegalArgumentException("the send queue's grace time must be above zero, not " + sendQueueGrace);
        }
        if (maxUnnamed < 1 || maxUnnamedPerAddress < 1) {
            throw new IllegalArgumentException("at least one connection must be allowed to choose a name");
        }
    }

    /** These limits of connections, with the protocol's send queue, flood limit and bounds on unnamed connections. */
    public ServerLimits(int maxClients, Duration nameTimeout) {
        this(maxClients, nameTimeout, Protocol.SEND_QUEUE_BYTES, Protocol.SEND_QUEUE_GRACE, FloodLimit.DEFAULT,
                Protocol.MAX_UNNAMED, Protocol.MAX_UNNAMED_PER_ADDRESS);
    }

    /** The same limits with this send queue budget and grace time. */
    public ServerLimits withSendQueue(long bytes, Duration grace) {
        return new ServerLimits(maxClients, nameTimeout, bytes, grace, flood, maxUnnamed, maxUnnamedPerAddress);
    }

    /** The same limits with this flood limit. */
    public ServerLimits withFlood(FloodLimit flood) {
        return new ServerLimits(maxClients, nameTimeout, sendQueueBytes, sendQueueGrace, flood, maxUnnamed,
                maxUnnamedPerAddress);
    }

    /** The same limits with these bounds on connections still choosing a name, in all and per address. */
    public ServerLimits withUnnamed(int inAll, int perAddress) {
        return new ServerLimits(maxClients, nameTimeout, sendQueueBytes, sendQueueGrace, flood, inAll, perAddress);
    }
}

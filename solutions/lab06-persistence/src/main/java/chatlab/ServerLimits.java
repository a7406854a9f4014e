package chatlab;

import java.time.Duration;

/**
 * What a server takes before it says no (PROTOCOL.md, "Limits"). Each connection costs two threads
 * and some memory, so a server that says yes to everything can be brought down by anyone who opens
 * connections faster than it can serve them, or who opens them and never says a word.
 *
 * @param maxClients  how many connections at once, welcomed or still choosing a name; the server
 *                    answers more with {@code ERROR SERVER_FULL} and closes them
 * @param nameTimeout how long a connection may take to be welcomed; then it gets
 *                    {@code ERROR NAME_TIMEOUT} and is closed
 * @param maxUnnamed  how many connections at once may be still choosing a name; the server answers
 *                    more with {@code ERROR TOO_MANY_UNNAMED} and closes them
 * @param maxUnnamedPerAddress the same, for the connections from one address
 */
public record ServerLimits(int maxClients, Duration nameTimeout, int maxUnnamed, int maxUnnamedPerAddress) {

    /** The protocol's limits: {@link Protocol#MAX_CLIENTS} connections, {@link Protocol#NAME_TIMEOUT}, ... */
    public static final ServerLimits DEFAULT = new ServerLimits(Protocol.MAX_CLIENTS, Protocol.NAME_TIMEOUT);

    /** These limits, and the protocol's bounds on connections still choosing a name. */
    public ServerLimits(int maxClients, Duration nameTimeout) {
        this(maxClients, nameTimeout, Protocol.MAX_UNNAMED, Protocol.MAX_UNNAMED_PER_ADDRESS);
    }

    public ServerLimits {
        if (maxUnnamed < 1 || maxUnnamedPerAddress < 1) {
            throw new IllegalArgumentException("at least one connection must be allowed to choose a name");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("at least one client must be allowed, not " + maxClients);
        }
        if (nameTimeout.isNegative() || nameTimeout.isZero()) {
            throw new IllegalArgumentException("the name timeout must be above zero, not " + nameTimeout);
        }
    }
}

package chatlab.load;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What one load run does.
 *
 * @param server      the chat server (on this machine)
 * @param clients     how many clients connect and stay in the chat
 * @param senders     how many of them send messages (the others only listen)
 * @param rate        messages per second that each sender sends
 * @param warmup      sending time before latencies are recorded (the server's JIT warms up)
 * @param duration    sending time whose latencies and deliveries are measured
 * @param size        the length of each message's text, in bytes (at least what its time stamp needs)
 * @param broadcast   true: every message should reach every client (labs 04-06);
 *                    false: only its sender (the echo of lab03)
 * @param joinTimeout how long the clients may take to connect and be welcomed
 * @param serverPid   the server's process id, to report its memory per client; 0 if unknown
 * @param stuck       how many more clients join and then never read again (a stuck program, a
 *                    laptop gone to sleep): the server should drop them, the others should not notice
 * @param joinRate    at most this many new connections a second (0: as fast as the server welcomes them)
 * @param irc         speak IRC (NICK, USER, JOIN #chat, PRIVMSG) instead of the kit's protocol, to
 *                    measure an IRC server beside the kit's (docs/BENCHMARKS.md)
 */
record LoadSettings(InetSocketAddress server, int clients, int senders, double rate, Duration warmup,
                    Duration duration, int size, boolean broadcast, Duration joinTimeout, long serverPid, int stuck,
                    double joinRate, boolean irc) {

    /** How many clients receive each message: an IRC server does not echo a message to its sender. */
    int receiversPerMessage(int connected) {
        return !broadcast ? 1 : irc ? connected - 1 : connected;
    }
}

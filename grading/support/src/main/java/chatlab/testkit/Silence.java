package chatlab.testkit;

import java.time.Duration;

/**
 * Makes a silent server cheap to grade without making grading looser for one that answers.
 *
 * <p>Every test that expects a reply waits for it at most {@link LineConnection#DEFAULT_WAIT}
 * (3 s). A server that never answers (no flush(), a serve() that never accepts) would make each
 * of a lab's 10-25 tests wait out those 3 s. So once a run (one test JVM, one lab) has seen the
 * server leave an expected reply unsent for the whole 3 s, later waits for a reply in the same
 * run are shorter:
 * <ul>
 * <li>{@link #AFTER_SILENCE} (1 s) if the server has sent something in this run (a single byte is
 * enough): it answers some requests, so each later test still gets a fair wait;</li>
 * <li>{@link #NEVER_ANSWERED} (500 ms) if it has not sent a single byte in the whole run (closing
 * connections is no answer): it is silent, and each later test fails almost at once, with the
 * same reason.</li>
 * </ul>
 *
 * <p>Why this is fair: a reply on the loopback takes well under a millisecond, so even 500 ms is
 * hundreds of times what an answering server needs; the test that saw the silence already failed
 * on the full bound; and a later test whose reply does come passes exactly as before. Only a
 * server that stays silent fails sooner, with a message that says the wait was shortened and why.
 * The student's own build behaves the same (one JVM per lab), so scores never differ between the two.
 *
 * <p>The same holds the other way round, for a test's fake server waiting for a line from the
 * student's client: it waits {@link #replyWait()}, calls {@link #heard()} when bytes arrive and
 * {@link #witness(Duration)} when the whole wait passed without a line (see lab05's FakeServer).
 */
public final class Silence {

    /** The wait for a reply once this run's server has left one unsent for the whole default wait. */
    public static final Duration AFTER_SILENCE = Duration.ofSeconds(1);
    /** The same, when the server has not sent a single byte in the whole run: it is silent. */
    public static final Duration NEVER_ANSWERED = Duration.ofMillis(500);

    private static volatile boolean seen;
    private static volatile boolean answered;

    private Silence() {
    }

    /** How long to wait for an expected reply now: 3 s, or less after a silence in this run (see above). */
    public static Duration replyWait() {
        if (!seen) {
            return LineConnection.DEFAULT_WAIT;
        }
        return answered ? AFTER_SILENCE : NEVER_ANSWERED;
    }

    /** Records that an expected reply did not come within the whole default wait. */
    public static void witness(Duration waited) {
        if (waited.compareTo(LineConnection.DEFAULT_WAIT) >= 0) {
            seen = true;
        }
    }

    /** Records that the server sent something: at least one byte. */
    public static void heard() {
        answered = true;
    }

    /** Words for a failure message when the wait was shortened; empty otherwise. */
    public static String shortened(Duration waited) {
        if (waited.compareTo(LineConnection.DEFAULT_WAIT) >= 0 || !seen) {
            return "";
        }
        return " (not " + LineConnection.DEFAULT_WAIT.toSeconds() + " s: earlier in this run the code under test already"
                + " left an expected line unsent for " + LineConnection.DEFAULT_WAIT.toSeconds() + " s"
                + (waited.compareTo(AFTER_SILENCE) < 0 ? ", and it has not sent a single byte in the whole run" : "")
                + ")";
    }

    /** Forgets what this JVM has seen: for the test kit's own tests, which share one JVM. */
    static void reset() {
        seen = false;
        answered = false;
    }
}

package chatlab.testkit;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a blocking call (such as a server's accept loop) on a daemon thread, so that a test can
 * go on, and later check, with a bound, whether the call ended and how.
 *
 * <p>A call that a test started and that is still running when the test has ended (after its
 * {@code @AfterEach} closed the server) is stopped by the grading listener
 * ({@link #stopLeftovers()}): a {@code serve()} that spins forever would otherwise keep a CPU busy
 * for the rest of the run, one more with every test, and starve the later tests of the same
 * run. The test that started it has its verdict already; a call that ends when it should is
 * never touched.
 *
 * <p>Waiting for an end is made cheap the way {@link Silence} makes waiting for a reply cheap: once
 * a call of this run (one test JVM, one lab) has kept running through a whole wait of
 * {@link #FULL_WAIT} or more (a {@code serve()} that ignores {@code close()}), later waits of 3 s
 * or more for a call to end are {@link #AFTER_A_CALL_NEVER_ENDED} (1 s). A call that ends does so
 * within milliseconds, so this never fails code that ends its calls; shorter waits (a test's own
 * pauses) are never touched; and {@link #describe()} says when a wait was shortened and why.
 */
public final class Background {

    /** A wait this long that a call outlived shows the run's code may never end its calls. */
    static final Duration FULL_WAIT = Duration.ofSeconds(3);
    /** The wait for an end once a call of this run has outlived a whole {@link #FULL_WAIT}. */
    public static final Duration AFTER_A_CALL_NEVER_ENDED = Duration.ofSeconds(1);

    /** How long a call still running as its test ends gets to end by itself before it is stopped. */
    static final Duration STOP_GRACE = Duration.ofMillis(250);

    private static volatile boolean aCallNeverEnded;

    /** A call that may throw anything, like a server's {@code serve()}. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    /** The calls started since the current test began. */
    private static final Set<Background> STARTED_IN_TEST = ConcurrentHashMap.newKeySet();

    private final Thread thread;
    /** Set when the kit stopped the call after its test: what it then throws is not the code's failure. */
    private volatile boolean stoppedAfterItsTest;
    /** Set, under this object's lock, once the call has ended: the thread must not be stopped any more. */
    private boolean finishing;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The last wait for this call's end, when it was shortened (see above); else null. */
    private volatile Duration shortenedWait;

    private Background(String name, Task task) {
        thread = new Thread(() -> {
            try {
                try {
                    task.run();
                } catch (Throwable t) {
                    if (!stoppedAfterItsTest) {
                        failure.set(t);
                        ThreadFailures.caught(Thread.currentThread(), t);
                    }
                }
                synchronized (this) {
                    finishing = true; // from here on stopLeftovers() leaves the thread alone
                }
            } catch (Error stoppedAsItEnded) {
                // A stop issued just as the call ended lands here, in the kit's code. Anywhere later
                // it would land in the JDK's thread-exit code, whose Cleaner answers any exception
                // with System.exit(1): the whole run would end as if the student's code had called it.
                if (!stoppedAfterItsTest) {
                    throw stoppedAsItEnded;
                }
            } finally {
                ended.countDown();
            }
        }, name);
        // A daemon thread never keeps the test JVM alive, even if student code never returns.
        thread.setDaemon(true);
    }

    public static Background start(String name, Task task) {
        Background background = new Background(name, task);
        STARTED_IN_TEST.add(background);
        background.thread.start();
        return background;
    }

    /** A new test begins: calls started before it belong to earlier tests (the grading listener calls it). */
    public static void testStarted() {
        STARTED_IN_TEST.clear();
    }

    /**
     * The test has ended (its {@code @AfterEach} too): stops the calls it started that are still
     * running, such as a {@code serve()} that spins forever and ignores {@code close()} (the
     * grading listener calls it). A call still running gets {@link #STOP_GRACE} to end by itself
     * first, and one that has reached its end is never stopped. On a JDK that can no longer stop a
     * thread (20 and later) they are left running, as before.
     */
    @SuppressWarnings({"deprecation", "removal"})
    public static void stopLeftovers() {
        if (Runtime.version().feature() >= 20) {
            return; // Thread.stop() throws there: nothing to wait for
        }
        for (Background call : STARTED_IN_TEST) {
            // A call that ends when it should (a serve() returning after close()) may still be
            // closing its sockets as its test ends: it gets a moment, and is never stopped mid-way.
            try {
                // Shorter once this run's code has shown it may never end a call: each of its tests pays it.
                call.ended.await(aCallNeverEnded ? STOP_GRACE.toMillis() / 5 : STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (call) { // the thread cannot reach its end meanwhile (see the constructor)
                if (!call.finishing && !call.hasEnded()) {
                    call.stoppedAfterItsTest = true;
                    call.thread.stop();
                }
            }
        }
        STARTED_IN_TEST.clear();
    }

    /**
     * Whether the call has ended, waiting at most {@code wait} for it (or less, once a call of
     * this run never ended: see above).
     */
    public boolean endsWithin(Duration wait) {
        Duration bounded = aCallNeverEnded && wait.compareTo(FULL_WAIT) >= 0 ? AFTER_A_CALL_NEVER_ENDED : wait;
        shortenedWait = bounded.equals(wait) ? null : bounded;
        try {
            boolean hasEnded = ended.await(bounded.toMillis(), TimeUnit.MILLISECONDS);
            if (!hasEnded && bounded.compareTo(FULL_WAIT) >= 0) {
                aCallNeverEnded = true;
            }
            return hasEnded;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Forgets what this JVM has seen: for the test kit's own tests, which share one JVM. */
    static void reset() {
        aCallNeverEnded = false;
    }

    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** What the call threw, or null if it has not thrown (yet). */
    public Throwable failure() {
        return failure.get();
    }

    /** A sentence describing how the call ended, for failure messages. */
    public String describe() {
        if (!hasEnded()) {
            Duration shortened = shortenedWait;
            return shortened == null ? "it is still running" : "it is still running (waited " + shortened.toSeconds()
                    + " s, not " + FULL_WAIT.toSeconds() + " s: earlier in this run a call already kept running for "
                    + FULL_WAIT.toSeconds() + " s after it should have ended)";
        }
        Throwable thrown = failure();
        return thrown == null ? "it returned" : "it threw " + thrown;
    }
}

package chatlab.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a blocking call (such as a server's accept loop) on a daemon thread, so that a test can
 * go on, and later check, with a bound, whether the call ended and how.
 */
public final class Background {

    /** A call that may throw anything, like a server's {@code serve()}. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Background(String name, Task task) {
        thread = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                failure.set(t);
                ThreadFailures.caught(Thread.currentThread(), t);
            } finally {
                ended.countDown();
            }
        }, name);
        // A daemon thread never keeps the test JVM alive, even if student code never returns.
        thread.setDaemon(true);
    }

    public static Background start(String name, Task task) {
        Background background = new Background(name, task);
        background.thread.start();
        return background;
    }

    /** Whether the call has ended, waiting at most {@code wait} for it. */
    public boolean endsWithin(Duration wait) {
        try {
            return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
            return "it is still running";
        }
        Throwable thrown = failure();
        return thrown == null ? "it returned" : "it threw " + thrown;
    }
}

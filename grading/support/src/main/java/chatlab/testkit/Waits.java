package chatlab.testkit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for the labs' tests, failing with a message in plain words. */
public final class Waits {

    public static final Duration WAIT = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(100);

    private Waits() {
    }

    /**
     * Records TODO exceptions that end threads the test did not start (handlers, writers). Threads
     * that were alive before this call belong to earlier tests: what they throw is ignored, so a
     * step not done yet cannot fail a later test that does not need it.
     */
    public static void watchUncaughtTodos() {
        ThreadFailures.startTest();
    }

    /** Waits until the condition holds; fails with the problem's words if it does not within 3 s. */
    public static void until(BooleanSupplier condition, Supplier<String> problem) {
        try {
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(problem.get() + " (waited " + WAIT.toSeconds() + " s)");
        }
    }

    /**
     * The next line the server sends on this connection, or null if it closed it. Fails within
     * 3 s if no line comes ({@link Silence}: 1 s once this run's server has been silent for 3 s),
     * and at once if serve() has died, saying what it threw.
     */
    public static String nextLine(LineConnection client, Background serving, String waitingFor) {
        Duration wait = Silence.replyWait();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return client.readLine(POLL);
            } catch (AssertionError silence) {
                Optional<ThreadFailures.Failure> died = ThreadFailures.firstTodo(null).filter(ThreadFailures.Failure::uncaught);
                if (died.isPresent()) {
                    throw (UnsupportedOperationException) died.get().error();
                }
                if (serving.hasEnded()) {
                    try {
                        // One last look: what serve() sent before it ended may still be unread (a
                        // test thread that was not scheduled during the whole poll read nothing).
                        return client.readLine(POLL);
                    } catch (AssertionError stillSilent) {
                        // nothing came: say why below
                    }
                    if (serving.failure() instanceof UnsupportedOperationException todo
                            && String.valueOf(todo.getMessage()).startsWith("TODO")) {
                        throw todo; // the score table then says "not written yet"
                    }
                    throw new AssertionError("waited for " + waitingFor + ", but serve() has ended: "
                            + serving.describe());
                }
                if (System.nanoTime() > deadline) {
                    Silence.witness(wait);
                    throw new AssertionError("waited " + seconds(wait) + Silence.shortened(wait) + " for " + waitingFor
                            + ", but no whole line came. Does the server send it, with its '\\n', and flush()?");
                }
            }
        }
    }

    /** "3 s", "1 s", "0.2 s". */
    private static String seconds(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() / 1000.0 + " s";
    }
}

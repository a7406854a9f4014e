package chatlab;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for the lab's tests, failing with a message in plain words. */
final class Waits {

    static final Duration WAIT = Duration.ofSeconds(3);

    private Waits() {
    }

    /**
     * Waits until the condition holds; if it does not within 3 s, fails with the problem's words
     * and with what threads threw meanwhile (an exception in the client's code is often why).
     */
    static void until(BooleanSupplier condition, Supplier<String> problem) {
        try {
            // Another thread's exception (e.g. a later step's TODO on the EDT) must not end the
            // wait: Edt records them, and the failure names them if the condition never holds.
            Awaitility.await().dontCatchUncaughtExceptions().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            String threads = Edt.uncaughtSoFar();
            throw new AssertionError(problem.get() + " (waited " + WAIT.toSeconds() + " s)" + threads);
        }
    }
}

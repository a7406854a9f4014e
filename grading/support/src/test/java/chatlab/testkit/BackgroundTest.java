package chatlab.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** A call a test left running is stopped when its test ends; calls that end, or belong to another test, are not touched. */
class BackgroundTest {

    private final CountDownLatch release = new CountDownLatch(1);
    /** Lets the spinning calls end once their test is over (Java 20 and later cannot stop them). */
    private static volatile boolean testRunning;

    @BeforeEach
    void testBegins() {
        testRunning = true;
    }

    @AfterEach
    void releaseWaitingCalls() {
        release.countDown();
        testRunning = false;
        Background.reset();
    }

    /** Like a serve() that spins before accepting: ignores close() and interrupts. */
    private static void spinForever() {
        while (testRunning) {
            Thread.onSpinWait();
        }
    }

    @Test
    void stopsASpinningCallItsTestLeftRunning() {
        Background.testStarted();
        Background spinning = Background.start("spinning serve()", BackgroundTest::spinForever);
        assertThat(spinning.endsWithin(Duration.ofMillis(100))).isFalse();

        Background.stopLeftovers();

        if (Runtime.version().feature() >= 20) {
            // Thread.stop() throws there: the call is left running, as documented, and nothing fails.
            assertThat(spinning.endsWithin(Duration.ofMillis(200))).as("left running on Java 20 and later").isFalse();
            assertThat(spinning.failure()).isNull();
            return;
        }
        assertThat(spinning.endsWithin(Duration.ofSeconds(5))).as("stopped after its test").isTrue();
        assertThat(spinning.failure()).as("being stopped is not the code's failure").isNull();
    }

    /**
     * A serve() that returns after close() may still be on its way out when its test ends: stopping
     * it there once landed the stop in the JDK's thread-exit code, whose Cleaner then called
     * System.exit(1) and ended the whole run. Such a call is let finish instead.
     */
    @Test
    void letsACallThatIsEndingFinishInsteadOfStoppingIt() {
        Background.testStarted();
        java.util.concurrent.atomic.AtomicBoolean finishedItsWork = new java.util.concurrent.atomic.AtomicBoolean();
        Background ending = Background.start("a serve() returning after close()", () -> {
            release.await();
            finishedItsWork.set(true);
        });
        release.countDown(); // close(): the call is ending now, but has likely not got there yet

        Background.stopLeftovers();

        assertThat(ending.endsWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(finishedItsWork).as("the call ran to its end, not stopped on its way").isTrue();
        assertThat(ending.failure()).isNull();
    }

    @Test
    void leavesCallsOfAnEarlierTestAndEndedCallsAlone() throws InterruptedException {
        Background.testStarted();
        Background earlier = Background.start("an earlier test's call", release::await);
        Background.testStarted();
        Background ended = Background.start("a call that returned", () -> { });
        assertThat(ended.endsWithin(Duration.ofSeconds(5))).isTrue();

        Background.stopLeftovers();

        assertThat(earlier.endsWithin(Duration.ofMillis(200))).as("an earlier test's call keeps running").isFalse();
        release.countDown();
        assertThat(earlier.endsWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(earlier.failure()).isNull();
        assertThat(ended.failure()).isNull();
    }

    @Test
    void afterACallOutlivedAWholeWaitLaterWaitsForAnEndAreShorterAndSaySo() {
        Background.reset();
        Background.testStarted();
        Background ignoresClose = Background.start("serve() that ignores close()", BackgroundTest::spinForever);
        assertThat(ignoresClose.endsWithin(Duration.ofMillis(200))).as("a short wait proves nothing").isFalse();
        Background stillRunning = Background.start("a later serve() that never ends", release::await);
        assertThat(stillRunning.endsWithin(Duration.ofSeconds(3))).as("the whole wait").isFalse();
        assertThat(stillRunning.describe()).isEqualTo("it is still running");

        Background neverEnds = Background.start("another call that never ends", release::await);
        long start = System.nanoTime();
        assertThat(neverEnds.endsWithin(Duration.ofSeconds(3))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited 1 s, not 3 s").isLessThan(Duration.ofMillis(2500));
        assertThat(neverEnds.describe()).isEqualTo("it is still running (waited 1 s, not 3 s: earlier in this run a"
                + " call already kept running for 3 s after it should have ended)");
        Background endsAtOnce = Background.start("a call that returns", () -> { });
        assertThat(endsAtOnce.endsWithin(Duration.ofSeconds(3))).as("a call that ends still ends").isTrue();
        Background.stopLeftovers();
    }

    @Test
    void withoutACallThatOutlivedAWholeWaitEveryWaitIsWhole() throws InterruptedException {
        Background.reset();
        CountDownLatch started = new CountDownLatch(1);
        Background slow = Background.start("a call that takes 1.5 s", () -> {
            started.countDown();
            Thread.sleep(1500);
        });
        started.await();
        assertThat(slow.endsWithin(Duration.ofSeconds(3))).as("1.5 s is within the whole 3 s").isTrue();
    }
}

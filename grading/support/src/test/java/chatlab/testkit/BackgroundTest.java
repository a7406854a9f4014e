package chatlab.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** A call a test left running is stopped when its test ends; calls that end, or belong to another test, are not touched. */
class BackgroundTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseWaitingCalls() {
        release.countDown();
    }

    /** Like a serve() that spins before accepting: ignores close() and interrupts. */
    private static void spinForever() {
        while (System.nanoTime() != 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void stopsASpinningCallItsTestLeftRunning() {
        Background.testStarted();
        Background spinning = Background.start("spinning serve()", BackgroundTest::spinForever);
        assertThat(spinning.endsWithin(Duration.ofMillis(100))).isFalse();

        Background.stopLeftovers();

        assertThat(spinning.endsWithin(Duration.ofSeconds(5))).as("stopped after its test").isTrue();
        assertThat(spinning.failure()).as("being stopped is not the code's failure").isNull();
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
}

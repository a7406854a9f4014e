package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.ChildScenario;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/**
 * Teacher-only tests of lab04 for races that the operating system produces once in a long while
 * (a thread descheduled for a moment at the wrong place), produced here every time: the server
 * runs in a JVM of its own under the debugger, which holds one thread at a call the handout names
 * while the test lets the other threads act (see {@link ChatServerRaces}, run in a JVM of its own
 * because a graded test JVM does not see the debugger interface). Correct code passes whatever
 * thread is held; the order the handout warns against fails each time.
 */
class ChatServerRacesHiddenTest {

    /** A JVM under the debugger is slow, and slower on a busy machine. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a message sent while the thread of a client with a line too long is held just after queuing its ERROR does not reach that client after the ERROR")
    @Timeout(150)
    void noBroadcastAfterTheError() throws Exception {
        ChildScenario.run("chatlab.ChatServerRaces", "noBroadcastAfterTheError", LIMIT);
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("ERROR LINE_TOO_LONG comes after the lines already queued for the client, even while its writer thread is held")
    @Timeout(150)
    void errorAfterTheQueuedLines() throws Exception {
        ChildScenario.run("chatlab.ChatServerRaces", "errorAfterTheQueuedLines", LIMIT);
    }

    // A message broadcast with broadcast() instead of broadcastFrom(): a client dropped while its
    // thread holds a line it had read still speaks after its LEFT ... dropped.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a client dropped while its thread holds a line it has read says nothing more after its LEFT")
    @Timeout(150)
    void noMessageAfterTheDrop() throws Exception {
        ChildScenario.run("chatlab.ChatServerRaces", "noMessageAfterTheDrop", LIMIT);
    }
}

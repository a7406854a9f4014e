package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.ChildScenario;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/**
 * Teacher-only tests of lab03 for races that the operating system produces once in a long while
 * (a thread descheduled for a moment at the wrong place), produced here every time: the server
 * runs in a JVM of its own under the debugger, which holds one thread at a call the handout names
 * while the test lets the other threads act (see {@link ChatServerRaces}, which each test runs in
 * a JVM of its own). Correct code passes whatever thread is held; the orders the handout warns
 * against fail each time.
 */
class ChatServerRacesHiddenTest {

    /** A JVM under the debugger is slow, and slower on a busy machine. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("a client that joins and quits while the accept thread is held just after starting its thread is not left in online()")
    @Timeout(150)
    void clientGoneBeforeTheAcceptThreadGoesOn() throws Exception {
        ChildScenario.run("chatlab.ChatServerRaces", "clientGoneBeforeTheAcceptThreadGoesOn", LIMIT);
    }

    // close() shuts the clients down itself (instead of serve() after its loop): a client that
    // accept() returned a moment before close() is registered after the walk and never told.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a client accepted just as close() is called still gets SHUTDOWN and is disconnected")
    @Timeout(150)
    void closeJustAfterAccept() throws Exception {
        ChildScenario.run("chatlab.ChatServerRaces", "closeJustAfterAccept", LIMIT);
    }
}

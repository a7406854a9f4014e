package chatlab.grading.samples;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sample tests for the listener: a "server" thread dies of a step's TODO and the test only sees
 * what follows (no reply), as a lab test does when a handler's step is not written yet.
 */
public class ThreadTodoSamples {

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a test of step 3 whose server thread died of TODO Step 3")
    void needsTheStep() throws InterruptedException {
        assertEquals("WELCOME alice", replyFromAServerThatDiesOf("TODO Step 3: welcome the client"), "the reply");
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("a test of step 2 whose server thread died of TODO Step 3")
    void doesNotNeedTheStep() throws InterruptedException {
        assertEquals("WELCOME alice", replyFromAServerThatDiesOf("TODO Step 3: welcome the client"), "the reply");
    }

    /** Runs a thread that dies of this TODO before it replies; the reply is then null. */
    private static String replyFromAServerThatDiesOf(String todo) throws InterruptedException {
        Thread server = new Thread(() -> {
            throw new UnsupportedOperationException(todo);
        }, "sample-server");
        server.start();
        server.join(5_000);
        return null;
    }
}

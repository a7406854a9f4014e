package chatlab.grading.samples;

import chatlab.grading.Guard;
import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.fail;

/** Sample tests for the listener: steps on methods, on a class and on an enclosing class; a guard. */
@Step(2)
public class SteppedSamples {

    @Test
    @Step(1)
    @Points(1)
    @DisplayName("a test of step 1")
    void stepOne() {
    }

    @Test
    @Points(2)
    @DisplayName("a test of its class's step")
    void classStep() {
        fail("not yet");
    }

    @Nested
    class Inner {
        @Test
        @Points(1)
        @DisplayName("a nested test of the enclosing class's step")
        void nested() {
        }
    }

    /** A guard of its own (its class carries no step). */
    @Guard(penalty = 2)
    public static class Rule {
        @Test
        @DisplayName("a broken rule")
        void broken() {
            fail("the rule is broken at Sample.java:3");
        }
    }
}

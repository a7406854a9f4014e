package chatlab.grading.samples;

import chatlab.grading.ChecksGivenCode;
import chatlab.grading.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tests with known outcomes, run by GradingListenerIT through the JUnit launcher. */
public class GradedSamples {

    @Test
    @Points(3)
    @DisplayName("a passing test")
    void passes() {
        assertEquals(2, 1 + 1);
    }

    @Test
    @Points(2)
    @DisplayName("a failing assertion")
    void failsAnAssertion() {
        assertEquals("hello", "bye", "the reply");
    }

    @Test
    @Points(1)
    @DisplayName("unwritten student code")
    void hitsATodo() {
        throw new UnsupportedOperationException("TODO Step 2: accept clients");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    @Points(4)
    @DisplayName("a parameterized test failing once")
    void failsOneRepetition(int number) {
        assertEquals(0, number == 2 ? 1 : 0, "repetition " + number);
    }

    @Test
    @ChecksGivenCode
    @Points(1)
    @DisplayName("given code")
    void checksGivenCode() {
    }

    @Test
    @DisplayName("forgot its points")
    void hasNoPoints() {
    }
}

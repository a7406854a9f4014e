package chatlab.grading;

import chatlab.grading.TestResult.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepProofIT {

    private static TestResult test(String name, Integer step, Status status) {
        return new TestResult("chatlab.SomeTest#" + name, name, 1, false, status,
                status == Status.FAILED ? "reason of " + name : null, step, null);
    }

    private static List<String> check(int k, TestResult... tests) {
        return StepProof.check(new LabResult("lab01-sockets", "student", true, List.of(tests)), k);
    }

    @Test
    void stepsUpToKMustPassAndLaterStepsMustFail() {
        assertThat(check(2, test("one", 1, Status.PASSED), test("two", 2, Status.PASSED),
                test("three", 3, Status.FAILED))).isEmpty();
    }

    @Test
    void namesATestThatNeedsALaterStep() {
        assertThat(check(2, test("two", 2, Status.FAILED))).singleElement().asString()
                .contains("steps 1-2", "'two'", "of step 2 fails, so it needs a later step too", "reason of two");
    }

    @Test
    void namesATestThatPassesBeforeItsStep() {
        assertThat(check(2, test("three", 3, Status.PASSED))).singleElement().asString()
                .contains("'three'", "of step 3 already passes");
    }

    @Test
    void guardsAndGivenCodeMustPassAtEveryStepAndATestWithoutAStepIsNamedOnce() {
        TestResult guard = new TestResult("chatlab.RuleTest#rule", "rule", 0, false, Status.FAILED, "broken", null, 2);
        TestResult given = new TestResult("chatlab.GivenTest#given", "given", 1, true, Status.PASSED, null, 1, null);
        assertThat(check(1, guard, given, test("stepless", null, Status.PASSED)))
                .anySatisfy(problem -> assertThat(problem).contains("'rule'", "must pass at every step"))
                .anySatisfy(problem -> assertThat(problem).contains("'stepless'", "has no @Step(n)"))
                .hasSize(2);
        assertThat(check(2, test("stepless", null, Status.PASSED))).isEmpty();
    }
}

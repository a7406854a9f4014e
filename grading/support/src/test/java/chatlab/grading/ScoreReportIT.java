package chatlab.grading;

import chatlab.grading.TestResult.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreReportIT {

    private static TestResult test(String name, int points, boolean given, Status status) {
        return new TestResult("chatlab.SomeTest#" + name, name, points, given, status,
                status == Status.FAILED ? "expected hello but was bye" : null);
    }

    private static LabResult lab(TestResult... tests) {
        return new LabResult("lab01-sockets", "student", true, List.of(tests));
    }

    @Test
    void tableShowsEachTestItsPointsTheReasonAndTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScoreReport.print(lab(test("echoes one line", 2, false, Status.PASSED),
                test("echoes in order", 3, false, Status.FAILED)), Mode.STUDENT, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("PASS", "2/2", "echoes one line", "FAIL", "0/3", "expected hello but was bye",
                "lab01-sockets: 2/5 points");
    }

    @Test
    void studentAndSolutionModesFailWhenATestFails() {
        LabResult someFailed = lab(test("a", 1, false, Status.PASSED), test("b", 1, false, Status.FAILED));
        assertThat(ScoreReport.problems(someFailed, Mode.STUDENT)).singleElement().asString().contains("1/2 points");
        assertThat(ScoreReport.problems(someFailed, Mode.SOLUTION)).singleElement().asString()
                .contains("must pass every graded test");
        assertThat(ScoreReport.problems(lab(test("a", 1, false, Status.PASSED)), Mode.STUDENT)).isEmpty();
    }

    @Test
    void starterModeFailsOnATestThatPassesOnTheStarterUnlessItChecksGivenCode() {
        assertThat(ScoreReport.problems(lab(test("a", 1, false, Status.FAILED), test("g", 1, true, Status.PASSED)),
                Mode.STARTER)).isEmpty();
        assertThat(ScoreReport.problems(lab(test("lazy", 1, false, Status.PASSED)), Mode.STARTER))
                .singleElement().asString().contains("'lazy'", "passes on the starter");
        assertThat(ScoreReport.problems(lab(test("g", 1, true, Status.FAILED)), Mode.STARTER))
                .singleElement().asString().contains("@ChecksGivenCode");
    }

    @Test
    void aTestWithoutPointsOrAnUnfinishedRunIsAProblemInEveryMode() {
        LabResult noPoints = lab(test("pointless", 0, false, Status.PASSED));
        assertThat(ScoreReport.problems(noPoints, Mode.STUDENT)).singleElement().asString().contains("@Points");
        LabResult crashed = new LabResult("lab01-sockets", "starter", false, List.of(test("a", 1, false, Status.FAILED)));
        assertThat(ScoreReport.problems(crashed, Mode.STARTER)).singleElement().asString().contains("System.exit");
    }
}

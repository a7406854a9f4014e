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
    void studentModeFailsOnlyWhenStrictSolutionModeFailsWhenATestFails() {
        LabResult someFailed = lab(test("a", 1, false, Status.PASSED), test("b", 1, false, Status.FAILED));
        assertThat(ScoreReport.problems(someFailed, Mode.STUDENT)).isEmpty();
        assertThat(ScoreReport.problems(someFailed, Mode.STUDENT, new ScoreReport.Rules(true, false)))
                .singleElement().asString().contains("1/2 points");
        assertThat(ScoreReport.problems(someFailed, Mode.SOLUTION)).singleElement().asString()
                .contains("must pass every graded test", "chatlab.SomeTest#b (expected hello but was bye)")
                .doesNotContain("SomeTest#a");
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

    private static TestResult stepped(String name, int points, int step, Status status) {
        return new TestResult("chatlab.SomeTest#" + name, name, points, false, status,
                status == Status.FAILED ? "reason of " + name : null, step, null);
    }

    private static TestResult guard(String name, int penalty, Status status) {
        return new TestResult("chatlab.RuleTest#" + name, name, 0, false, status,
                status == Status.FAILED ? "chatlab/EchoClient.java:27: new InputStreamReader(stream)" : null, null, penalty);
    }

    @Test
    void tableGroupsTestsByStepInOrderWithSubtotalsAndSaysWhichStepIsNext() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScoreReport.print(lab(stepped("echoes", 2, 3, Status.FAILED), stepped("port", 1, 1, Status.PASSED),
                stepped("accepts", 2, 2, Status.PASSED), stepped("closes", 1, 3, Status.PASSED),
                guard("charset rule", 2, Status.FAILED)), Mode.STUDENT, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).containsSubsequence(" Step 1", "1/1", "port", " Step 2", "2/2", "accepts",
                " Step 3", "1/3", "echoes", "reason of echoes", "closes", "-2", "charset rule",
                "EchoClient.java:27", "lab01-sockets: 2/6 points", "Next: Step 3 ('echoes' does not pass yet).");
        assertThat(table.strip()).endsWith("-".repeat(78));
    }

    @Test
    void nextNamesAnEarlierStepWithoutTestsWhenTheFirstFailureIsItsTodo() {
        TestResult joins = new TestResult("chatlab.SomeTest#joins", "joins", 2, false, Status.FAILED,
                "not written yet: TODO Step 2: queue each client's lines", 3, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScoreReport.print(lab(stepped("queues", 2, 1, Status.PASSED), joins), Mode.STUDENT,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Next: Step 2 (still TODO; 'joins' needs it).");
    }

    @Test
    void aRunOfChosenTestsNeverSaysFullMarks() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScoreReport.print(lab(stepped("port", 1, 1, Status.PASSED)), Mode.STUDENT, "EchoServerTest",
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("1/1 points of the tests chosen with -Dtest=EchoServerTest, not the lab's score",
                        "run without -Dtest for the lab's score")
                .doesNotContain("full marks");
    }

    @Test
    void aBrokenGuardCostsItsPenaltyNeverBelowZeroAndOnlyWhenItFailed() {
        assertThat(lab(stepped("a", 3, 1, Status.PASSED), guard("rule", 2, Status.FAILED)).points()).isEqualTo(1);
        assertThat(lab(stepped("a", 1, 1, Status.PASSED), guard("rule", 2, Status.FAILED)).points()).isZero();
        assertThat(lab(stepped("a", 3, 1, Status.PASSED), guard("rule", 2, Status.NOT_RUN)).points()).isEqualTo(3);
        assertThat(lab(stepped("a", 3, 1, Status.PASSED), guard("rule", 2, Status.PASSED)).maxPoints()).isEqualTo(3);
    }

    @Test
    void starterModeWantsGuardsToPassAndNeverCountsThemAsExercises() {
        assertThat(ScoreReport.problems(lab(stepped("a", 1, 1, Status.FAILED), guard("rule", 2, Status.PASSED)),
                Mode.STARTER)).isEmpty();
        assertThat(ScoreReport.problems(lab(stepped("a", 1, 1, Status.FAILED), guard("rule", 2, Status.FAILED)),
                Mode.STARTER)).singleElement().asString().contains("rule the starter's given code must keep");
    }

    @Test
    void aTestWithoutAStepIsAProblemInTheKitsModesOnceStepsAreRequiredOrUsed() {
        LabResult mixed = lab(stepped("a", 1, 1, Status.PASSED), test("stepless", 1, false, Status.PASSED));
        assertThat(ScoreReport.problems(mixed, Mode.SOLUTION)).singleElement().asString()
                .contains("'stepless'", "has no @Step(n)");
        assertThat(ScoreReport.problems(mixed, Mode.STUDENT)).isEmpty();
        LabResult none = lab(test("stepless", 1, false, Status.PASSED));
        assertThat(ScoreReport.problems(none, Mode.SOLUTION)).isEmpty();
        assertThat(ScoreReport.problems(none, Mode.SOLUTION, new ScoreReport.Rules(false, true)))
                .singleElement().asString().contains("has no @Step(n)");
    }

    @Test
    void aTestWithoutPointsOrAnUnfinishedRunIsAProblemInTheKitsModes() {
        LabResult noPoints = lab(test("pointless", 0, false, Status.PASSED));
        assertThat(ScoreReport.problems(new LabResult("lab01-sockets", "student", false,
                List.of(test("a", 1, false, Status.FAILED))), Mode.STUDENT)).as("a student's table says it").isEmpty();
        assertThat(ScoreReport.problems(noPoints, Mode.STUDENT)).singleElement().asString().contains("@Points");
        LabResult crashed = new LabResult("lab01-sockets", "starter", false, List.of(test("a", 1, false, Status.FAILED)));
        assertThat(ScoreReport.problems(crashed, Mode.STARTER)).singleElement().asString().contains("System.exit");
    }
}

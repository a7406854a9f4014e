package chatlab.teacher;

import chatlab.grading.TestResult;
import chatlab.grading.TestResult.Status;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static chatlab.teacher.GeneratedClass.LAB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grades a generated class of lab01 submissions - correct (as a folder and as a zip), partly
 * correct, not compiling, hanging, calling System.exit, printing without end, missing the lab -
 * and checks every verdict and the files written.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GradingIT {

    static final Path KIT = Path.of("../..").toAbsolutePath().normalize();
    static final Duration TIME_LIMIT = Duration.ofSeconds(20);
    /** The tests that check what the "partly" submission gets wrong (serve() throws after close()). */
    static final List<String> PLANTED_BUG_TESTS = List.of("chatlab.EchoServerTest#serveReturnsQuietlyAfterClose",
            "chatlab.EchoServerHiddenTest#serveAfterClose");

    @TempDir
    static Path temp;
    static ClassGrades grades;
    static Path output;
    static String log;
    static int max;

    @BeforeAll
    static void gradeTheClass() throws Exception {
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        GeneratedClass generated = new GeneratedClass(KIT, submissions);
        generated.write("correct");
        generated.zip(generated.write("correct-zipped"));
        Path partly = generated.write("partly", GeneratedClass.throwsAfterClose());
        // A student who "fixes" the tests gains nothing: the kit's tests grade.
        generated.addOwnTest(partly, "EchoServerTest", "package chatlab;\nclass EchoServerTest {\n}\n");
        generated.write("broken", GeneratedClass.missingSemicolon());
        generated.write("hanging", GeneratedClass.loopsForever());
        generated.write("exits", GeneratedClass.exits());
        generated.write("flooding", GeneratedClass.printsForever());
        // Two students who have not started: the second shares the first one's run.
        for (String student : List.of("untouched", "untouched-too")) {
            GeneratedClass.copy(KIT.resolve(LAB).resolve("src/main"), submissions.resolve(student).resolve(LAB)
                    .resolve("src/main"));
        }
        Files.createDirectories(submissions.resolve("missing/some-other-folder"));

        output = temp.resolve("out");
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        grades = new Grader(new Grader.Options(KIT, submissions, output, List.of("lab01"), 2, TIME_LIMIT, true,
                false, false, false), new PrintStream(messages, true, StandardCharsets.UTF_8)).run();
        log = messages.toString(StandardCharsets.UTF_8);
        max = grades.maxPoints(LAB);
    }

    @Test
    void theReferenceSolutionScoresFullMarksAndHiddenTestsCount() throws IOException {
        assertThat(log).doesNotContain("WARNING");
        int publicPoints = pointsIn(KIT.resolve(LAB).resolve("src/test/java"));
        int hiddenPoints = pointsIn(KIT.resolve("solutions").resolve(LAB).resolve("src/hidden-test/java"));
        assertThat(hiddenPoints).as("points of lab01's hidden tests").isPositive();
        assertThat(max).as("max points of lab01: public and hidden tests").isEqualTo(publicPoints + hiddenPoints);
    }

    @Test
    void correctSubmissionsGetFullMarksAsFolderOrZip() {
        for (String student : List.of("correct", "correct-zipped")) {
            LabGrade grade = grades.grade(student, LAB);
            assertThat(grade.verdict()).as(student).isEqualTo(Verdict.GRADED);
            assertThat(grade.points()).as(student + ": " + failures(grade)).isEqualTo(max);
        }
    }

    @Test
    void untouchedStartersShareOneRun() {
        LabGrade untouched = grades.grade("untouched", LAB);
        LabGrade again = grades.grade("untouched-too", LAB);
        assertThat(untouched.verdict()).isEqualTo(Verdict.GRADED);
        assertThat(untouched.points()).isZero();
        assertThat(again.verdict()).isEqualTo(untouched.verdict());
        assertThat(again.tests()).as("the same run's results").isEqualTo(untouched.tests());
        assertThat(List.of(untouched.took(), again.took())).as("one of them ran, the other took nothing")
                .containsOnlyOnce(Duration.ZERO);
        assertThat(log).contains("1 untouched starter(s) shared the run");
        assertThat(grades.notes().isUntouched("untouched-too", LAB)).isTrue();
    }

    @Test
    void onePlantedBugCostsExactlyItsTest() {
        LabGrade grade = grades.grade("partly", LAB);
        assertThat(grade.verdict()).isEqualTo(Verdict.GRADED);
        assertThat(grade.tests().stream().filter(test -> test.status() != Status.PASSED).map(TestResult::id))
                .containsExactlyInAnyOrder(PLANTED_BUG_TESTS.toArray(String[]::new));
        assertThat(grade.points()).isEqualTo(max - plantedBugCost());
    }

    @Test
    void codeThatDoesNotCompileGetsTheCompilersFirstError() {
        LabGrade grade = grades.grade("broken", LAB);
        assertThat(grade.verdict()).isEqualTo(Verdict.COMPILE_ERROR);
        assertThat(grade.points()).isZero();
        assertThat(grade.detail()).contains("chatlab/EchoServer.java:").contains("';' expected")
                .contains("return serverSocket.getLocalPort()");
        assertThat(grade.tests()).allMatch(test -> test.status() == Status.NOT_RUN);
    }

    @Test
    void aHangingServerIsStoppedAtTheTimeLimit() {
        LabGrade grade = grades.grade("hanging", LAB);
        assertThat(grade.verdict()).isEqualTo(Verdict.TIMED_OUT);
        assertThat(grade.detail()).contains("time limit of 20 s");
        assertThat(grade.took()).isLessThan(TIME_LIMIT.plusSeconds(15));
        // Tests that never start serve() (the port, close() alone) may pass; no echo can.
        assertThat(grade.tests()).filteredOn(test -> test.status() == Status.PASSED).extracting(TestResult::id)
                .doesNotContain("chatlab.EchoServerTest#echoesOneLine", "chatlab.EchoServerTest#echoesManyLinesInOrder");
        assertThat(grade.points()).isLessThan(max);
    }

    @Test
    void systemExitStopsTheRunAndIsNamed() {
        LabGrade grade = grades.grade("exits", LAB);
        assertThat(grade.verdict()).isEqualTo(Verdict.STOPPED);
        assertThat(grade.detail()).contains("exit code 3").contains("System.exit()");
        assertThat(grade.tests()).anyMatch(test -> test.status() == Status.FAILED && test.reason().contains("System.exit"));
        assertThat(grade.tests()).anyMatch(test -> test.status() == Status.NOT_RUN);
        assertThat(grade.points()).isLessThan(max);
    }

    @Test
    void endlessOutputIsCutWithoutHarmingTheGrade() {
        LabGrade grade = grades.grade("flooding", LAB);
        assertThat(grade.verdict()).as(failures(grade)).isEqualTo(Verdict.GRADED);
        assertThat(grade.points()).as(failures(grade)).isEqualTo(max);
        assertThat(grade.outputBytes()).isGreaterThan(Grader.OUTPUT_CAP);
        assertThat(grade.output().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Grader.OUTPUT_CAP);
        assertThat(grade.detail()).contains("only the first 64 KB were kept");
    }

    @Test
    void aSubmissionWithoutTheLabIsMissing() {
        LabGrade grade = grades.grade("missing", LAB);
        assertThat(grade.verdict()).isEqualTo(Verdict.MISSING);
        assertThat(grade.points()).isZero();
        assertThat(grade.detail()).contains("no folder lab01-sockets");
    }

    @Test
    void theGradebookHasOneRowPerStudentAndATotal() throws IOException {
        List<String> rows = Files.readAllLines(output.resolve("gradebook.csv"), StandardCharsets.UTF_8);
        assertThat(rows).containsExactly(
                "student,lab01-sockets (max " + max + "),total (max " + max + ")",
                "broken,0,0",
                "correct," + max + "," + max,
                "correct-zipped," + max + "," + max,
                "exits," + grades.total("exits") + "," + grades.total("exits"),
                "flooding," + max + "," + max,
                "hanging," + grades.total("hanging") + "," + grades.total("hanging"),
                "missing,0,0",
                "partly," + (max - plantedBugCost()) + "," + (max - plantedBugCost()),
                "untouched,0,0",
                "untouched-too,0,0");
    }

    @Test
    void feedbackNamesEachTestAndEveryFailureInPlainWords() throws IOException {
        String partly = Files.readString(output.resolve("feedback/partly.md"), StandardCharsets.UTF_8);
        TestResult failed = grades.grade("partly", LAB).tests().stream()
                .filter(test -> test.status() == Status.FAILED).findFirst().orElseThrow();
        assertThat(failed.reason()).contains("serve()");
        assertThat(partly).contains("Total: **" + (max - plantedBugCost()) + "/" + max + " points**")
                .contains("| FAIL | 0/" + failed.points() + " | " + failed.name() + " |")
                .contains("| PASS | 2/2 | echoes one line back |")
                .contains("What went wrong:")
                .contains("- **" + failed.name() + "** (0/" + failed.points() + "): " + failed.reason());
        String broken = Files.readString(output.resolve("feedback/broken.md"), StandardCharsets.UTF_8);
        assertThat(broken).contains("does not compile").contains("';' expected");
        String hanging = Files.readString(output.resolve("feedback/hanging.md"), StandardCharsets.UTF_8);
        assertThat(hanging).contains("time limit reached").contains("blocks or loops forever");
        String exits = Files.readString(output.resolve("feedback/exits.md"), StandardCharsets.UTF_8);
        assertThat(exits).contains("stopped early").contains("System.exit");
        try (Stream<Path> files = Files.list(output.resolve("feedback"))) {
            assertThat(files.count()).isEqualTo(grades.students().size());
        }
    }

    @Test
    void theReportAndTheGradescopeFilesAreWritten() throws IOException {
        String html = Files.readString(output.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Most failed tests")
                .doesNotContain("<script").doesNotContain("src=\"http");
        for (String student : grades.students()) {
            assertThat(html).contains("<a href=\"feedback/" + student + ".md\">" + student + "</a>");
        }
        JsonObject gradescope = JsonParser.parseString(Files.readString(
                output.resolve("gradescope/partly/results.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(gradescope.get("score").getAsInt()).isEqualTo(max - plantedBugCost());
        assertThat(gradescope.getAsJsonArray("tests")).hasSize(grades.reference(LAB).tests().size());
        assertThat(output.resolve("results/partly/" + LAB + ".json")).exists();
        assertThat(Files.readAllLines(output.resolve("runs.csv"), StandardCharsets.UTF_8))
                .hasSize(grades.students().size() + 1)
                .anyMatch(row -> row.startsWith("broken," + LAB + ",does not compile,0," + max + ","));
    }

    /** What the planted bug costs: the points the kit gives the tests that check it. */
    private static int plantedBugCost() {
        return grades.reference(LAB).tests().stream().filter(test -> PLANTED_BUG_TESTS.contains(test.id()))
                .mapToInt(TestResult::points).sum();
    }

    static int pointsIn(Path tests) throws IOException {
        Pattern points = Pattern.compile("@Points\\((\\d+)\\)");
        int sum = 0;
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = points.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    sum += Integer.parseInt(matcher.group(1));
                }
            }
        }
        return sum;
    }

    private static String failures(LabGrade grade) {
        return grade.tests().stream().filter(test -> test.status() != Status.PASSED)
                .map(test -> test.name() + ": " + test.reason()).toList() + " " + grade.detail();
    }
}

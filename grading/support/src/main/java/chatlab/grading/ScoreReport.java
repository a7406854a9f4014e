package chatlab.grading;

import chatlab.grading.TestResult.Status;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The step that ends every graded test run: prints the score table from {@code result.json}
 * and decides, according to the {@link Mode}, whether the build passes.
 *
 * <p>Run by the build after the tests:
 * {@code ScoreReport <result.json> <mode> [<skipTests> <maven.test.skip>]}.
 */
public final class ScoreReport {

    private static final String RULE = "-".repeat(78);

    private ScoreReport() {
    }

    public static void main(String[] args) throws IOException {
        Path resultFile = Path.of(args[0]);
        Mode mode = Mode.parse(args[1]);
        boolean skipped = args.length > 2 && isTrue(args[2]) || args.length > 3 && isTrue(args[3]);
        if (skipped) {
            return;
        }
        if (!Files.exists(resultFile)) {
            System.out.println("[grading] no graded test ran, so there is no score (" + resultFile + " is missing).");
            return;
        }
        LabResult result = LabResult.read(resultFile);
        print(result, mode, System.out);
        List<String> problems = problems(result, mode);
        if (!problems.isEmpty()) {
            throw new GradingFailure(String.join(System.lineSeparator(), problems));
        }
        if (mode == Mode.STARTER) {
            System.out.println("[grading] starter check passed: every graded test of " + result.lab()
                    + " fails on the starter code, as an exercise should.");
        }
    }

    /** "-DskipTests" arrives as "true" or as an empty string. */
    private static boolean isTrue(String flag) {
        return flag.isEmpty() || flag.equalsIgnoreCase("true");
    }

    public static void print(LabResult result, Mode mode, PrintStream out) {
        out.println(RULE);
        out.printf(" %s - score%s%n", result.lab(), mode == Mode.STUDENT ? "" : " (" + mode.label() + " check)");
        out.println(RULE);
        for (TestResult test : result.tests()) {
            out.printf(" %-4s %6s  %s%n", label(test.status()), test.earned() + "/" + test.points(), test.name());
            if (test.reason() != null) {
                out.printf("%14s%s%n", "", test.reason());
            }
        }
        out.println(RULE);
        out.println(" Stack traces of failures: target/surefire-reports/");
        out.printf(" %s: %d/%d points%s%n", result.lab(), result.points(), result.maxPoints(),
                result.complete() ? "" : "  (the test run stopped before the end)");
        out.println(RULE);
    }

    private static String label(Status status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case NOT_RUN -> "----";
        };
    }

    /** What makes this run a failure in this mode; empty when the build may pass. */
    static List<String> problems(LabResult result, Mode mode) {
        List<String> problems = new ArrayList<>();
        for (TestResult test : result.tests()) {
            if (test.points() < 1) {
                problems.add("Test '" + test.name() + "' (" + test.id() + ") has no @Points(n) with n >= 1.");
            }
        }
        if (!result.complete()) {
            problems.add("The test run of " + result.lab() + " stopped before the end: did the code call "
                    + "System.exit, or did the test JVM crash or time out? Tests marked ---- never ran.");
        }
        switch (mode) {
            case STUDENT, SOLUTION -> {
                long notPassed = result.tests().stream().filter(test -> test.status() != Status.PASSED).count();
                if (notPassed > 0) {
                    problems.add(result.lab() + ": " + result.points() + "/" + result.maxPoints() + " points, "
                            + notPassed + " graded test(s) not passed (see the table above)."
                            + (mode == Mode.SOLUTION ? " The reference solution must pass every graded test." : ""));
                }
            }
            case STARTER -> {
                for (TestResult test : result.tests()) {
                    if (!test.givenCode() && test.status() == Status.PASSED) {
                        problems.add("Test '" + test.name() + "' (" + test.id() + ") passes on the starter code, so it"
                                + " grades nothing the student writes. Make it test the exercise, or mark it"
                                + " @ChecksGivenCode if it checks code the starter gives.");
                    }
                    if (test.givenCode() && test.status() != Status.PASSED) {
                        problems.add("Test '" + test.name() + "' (" + test.id() + ") is marked @ChecksGivenCode"
                                + " but does not pass on the starter: " + test.reason());
                    }
                }
            }
        }
        return problems;
    }

    /** Ends the build with a message, without a stack trace that would hide it. */
    static final class GradingFailure extends RuntimeException {
        GradingFailure(String message) {
            super(message, null, false, false);
        }
    }
}

package chatlab.grading;

import chatlab.grading.TestResult.Status;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The step that ends every graded test run: prints the score table from {@code result.json}
 * and decides, according to the {@link Mode}, whether the build passes.
 *
 * <p>The table groups the tests by handout step ({@link Step}), in order, with each step's
 * subtotal, then the guards ({@link Guard}), then the total and the step to do next.
 *
 * <p>Usually run by {@link GradedRun} after the tests; on its own:
 * {@code ScoreReport <result.json> <mode> [<skipTests> <maven.test.skip>]}.
 */
public final class ScoreReport {

    private static final String RULE = "-".repeat(78);
    private static final int WIDTH = RULE.length();

    /**
     * What else decides whether a run is a problem, besides the mode.
     *
     * @param strict        in student mode, fail the build unless every graded test passes (for CI)
     * @param stepsRequired every graded test must have a {@link Step} (solution and starter modes)
     * @param chosenTests   the -Dtest filter of a run of some tests only; empty for the whole lab
     */
    public record Rules(boolean strict, boolean stepsRequired, String chosenTests) {
        public static final Rules DEFAULT = new Rules(false, false);

        public Rules(boolean strict, boolean stepsRequired) {
            this(strict, stepsRequired, "");
        }
    }

    private ScoreReport() {
    }

    public static void main(String[] args) throws IOException {
        Path resultFile = Path.of(args[0]);
        Mode mode = Mode.parse(args[1]);
        boolean skipped = args.length > 2 && isTrue(args[2]) || args.length > 3 && isTrue(args[3]);
        if (!skipped) {
            report(resultFile, mode, Rules.DEFAULT, System.out);
        }
    }

    /** "-DskipTests" arrives as "true" or as an empty string. */
    static boolean isTrue(String flag) {
        return flag.isEmpty() || flag.equalsIgnoreCase("true");
    }

    /** Prints the table of this result file, then ends the build if this run is a problem. */
    static void report(Path resultFile, Mode mode, Rules rules, PrintStream out) throws IOException {
        if (!Files.exists(resultFile)) {
            out.println("[grading] " + Texts.in(Feedback.studentLanguage()).get("score.missing", resultFile));
            return;
        }
        LabResult result = LabResult.read(resultFile);
        print(result, mode, rules.chosenTests(), out);
        List<String> problems = problems(result, mode, rules);
        if (!problems.isEmpty()) {
            throw new GradingFailure(String.join(System.lineSeparator(), problems));
        }
    }

    public static void print(LabResult result, Mode mode, PrintStream out) {
        print(result, mode, "", out);
    }

    /**
     * The table, in the language of the result's texts; {@code chosenTests} (a -Dtest filter) if
     * only some of the lab's tests ran, else empty.
     */
    static void print(LabResult result, Mode mode, String chosenTests, PrintStream out) {
        Texts texts = Texts.in(result.language());
        out.println(RULE);
        out.println(" " + (mode == Mode.STUDENT ? texts.get("score.title", result.lab())
                : texts.get("score.title.check", result.lab(), texts.get("mode." + mode.label()))));
        out.println(RULE);
        Map<Integer, List<TestResult>> bySteps = new TreeMap<>();
        List<TestResult> withoutStep = new ArrayList<>();
        List<TestResult> guards = new ArrayList<>();
        for (TestResult test : result.tests()) {
            if (test.guard()) {
                guards.add(test);
            } else if (test.step() == null) {
                withoutStep.add(test);
            } else {
                bySteps.computeIfAbsent(test.step(), step -> new ArrayList<>()).add(test);
            }
        }
        boolean grouped = !bySteps.isEmpty();
        bySteps.forEach((step, tests) -> printGroup(texts.get("score.step", step), tests, result, texts, out));
        if (!withoutStep.isEmpty()) {
            printGroup(grouped ? texts.get("score.tests.without.step") : null, withoutStep, result, texts, out);
        }
        if (!guards.isEmpty()) {
            out.println(" " + texts.get("score.rules"));
            for (TestResult guard : guards) {
                String mark = guard.status() == Status.FAILED ? "-" + guard.penalty() : "0";
                out.printf(" %-4s %6s  %s%n", label(guard.status(), texts), mark, guard.name());
                printReason(guard, result, texts, out);
            }
        }
        out.println(RULE);
        if (result.tests().stream().anyMatch(test -> test.status() == Status.FAILED)) {
            out.println(" " + texts.get("score.stack.traces"));
        }
        boolean someTests = !chosenTests.isBlank();
        out.println(" " + texts.get("score.total", result.lab(), result.points(), result.maxPoints())
                + (someTests ? texts.get("score.total.chosen", chosenTests) : "")
                + (result.complete() ? "" : texts.get("score.total.incomplete")));
        switch (mode) {
            case STUDENT -> out.println(" " + (someTests && fullMarks(result)
                    ? texts.get("score.chosen.pass") : nextStep(result)));
            case STARTER -> out.println(" " + texts.get("score.starter.check"));
            case SOLUTION -> out.println(" " + texts.get("score.solution.check"));
        }
        out.println(RULE);
    }

    private static void printGroup(String title, List<TestResult> tests, LabResult result, Texts texts,
                                   PrintStream out) {
        if (title != null) {
            String subtotal = tests.stream().mapToInt(TestResult::earned).sum() + "/"
                    + tests.stream().mapToInt(TestResult::points).sum();
            out.printf(" %s%" + Math.max(1, WIDTH - 2 - title.length()) + "s%n", title, subtotal);
        }
        for (TestResult test : tests) {
            out.printf(" %-4s %6s  %s%n", label(test.status(), texts), test.earned() + "/" + test.points(),
                    test.name());
            printReason(test, result, texts, out);
        }
    }

    private static void printReason(TestResult test, LabResult result, Texts texts, PrintStream out) {
        String reason = test.reason();
        if (reason == null && test.status() == Status.NOT_RUN && !result.complete()) {
            reason = texts.get("score.never.ran");
        }
        if (reason != null) {
            out.printf("%14s%s%n", "", reason);
        }
    }

    /** What the student should do next (in the result's language): the first step with a test that does not pass. */
    static String nextStep(LabResult result) {
        Texts texts = Texts.in(result.language());
        Optional<TestResult> firstFailing = result.tests().stream()
                .filter(test -> !test.guard() && test.status() != Status.PASSED)
                .min((a, b) -> Integer.compare(stepOrLast(a), stepOrLast(b)));
        Optional<TestResult> brokenRule = result.tests().stream()
                .filter(test -> test.guard() && test.status() != Status.PASSED).findFirst();
        if (firstFailing.isEmpty()) {
            return brokenRule.map(rule -> texts.get("next.rule", rule.name())).orElse(texts.get("next.full.marks"));
        }
        TestResult test = firstFailing.get();
        Matcher todo = TODO_REASON.matcher(String.valueOf(test.reasonInEnglish()));
        if (todo.find() && (test.step() == null || Integer.parseInt(todo.group(1)) < test.step())) {
            // An earlier step without tests of its own (its work shows in later steps' tests).
            return texts.get("next.todo.step", todo.group(1), test.name());
        }
        return test.step() == null ? texts.get("next.make.pass", test.name())
                : texts.get("next.step", test.step(), test.name());
    }

    private static boolean fullMarks(LabResult result) {
        return result.tests().stream().allMatch(test -> test.status() == Status.PASSED);
    }

    private static final Pattern TODO_REASON = Pattern.compile("^not written yet: TODO Step (\\d+)");

    private static int stepOrLast(TestResult test) {
        return test.step() == null ? Integer.MAX_VALUE : test.step();
    }

    private static String label(Status status, Texts texts) {
        return switch (status) {
            case PASSED -> texts.get("label.passed");
            case FAILED -> texts.get("label.failed");
            case NOT_RUN -> texts.get("label.not.run");
        };
    }

    static List<String> problems(LabResult result, Mode mode) {
        return problems(result, mode, Rules.DEFAULT);
    }

    /** A failure's reason on one line of at most 300 characters, for an error message. */
    private static String shortReason(String reason) {
        String line = Objects.toString(reason, "no reason given").strip().split("\\R", 2)[0];
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    /** What makes this run a failure in this mode; empty when the build may pass. */
    static List<String> problems(LabResult result, Mode mode, Rules rules) {
        List<String> problems = new ArrayList<>();
        boolean anyStep = result.tests().stream().anyMatch(test -> test.step() != null);
        for (TestResult test : result.tests()) {
            String which = "Test '" + test.name() + "' (" + test.id() + ")";
            if (test.guard()) {
                if (test.points() != 0 || test.step() != null) {
                    problems.add(which + " is a @Guard: it has a penalty, no @Points and no @Step.");
                }
                continue;
            }
            if (test.points() < 1) {
                problems.add(which + " has no @Points(n) with n >= 1.");
            }
            if (test.step() == null && mode != Mode.STUDENT && (rules.stepsRequired() || anyStep)) {
                problems.add(which + " has no @Step(n): say which handout step it grades (on the method or"
                        + " its class).");
            }
        }
        if (!result.complete() && mode != Mode.STUDENT) {
            problems.add("The test run of " + result.lab() + " stopped before the end: did the code call "
                    + "System.exit, or did the test JVM crash or time out? Tests marked ---- never ran.");
        }
        long notPassed = result.tests().stream().filter(test -> test.status() != Status.PASSED).count();
        switch (mode) {
            case STUDENT -> {
                if (rules.strict() && (notPassed > 0 || !result.complete())) {
                    problems.add(Texts.in(result.language()).get("score.strict", result.lab(), result.points(),
                            result.maxPoints()));
                }
            }
            case SOLUTION -> {
                if (notPassed > 0) {
                    // Named here too, with the reason: a CI log cut short keeps the error line, not the table.
                    String which = result.tests().stream().filter(test -> test.status() != Status.PASSED)
                            .map(test -> test.id() + " (" + shortReason(test.reason()) + ")").collect(Collectors.joining("; "));
                    problems.add(result.lab() + ": " + result.points() + "/" + result.maxPoints() + " points, "
                            + notPassed + " test(s) not passed: " + which + ". The reference solution"
                            + " must pass every graded test and keep every rule.");
                }
            }
            case STARTER -> {
                for (TestResult test : result.tests()) {
                    String which = "Test '" + test.name() + "' (" + test.id() + ")";
                    if (test.guard() && test.status() != Status.PASSED) {
                        problems.add(which + " is a rule the starter's given code must keep, but it fails: "
                                + test.reason());
                    } else if (!test.guard() && !test.givenCode() && test.status() == Status.PASSED) {
                        problems.add(which + " passes on the starter code, so it grades nothing the student"
                                + " writes. Make it test the exercise, or mark it @ChecksGivenCode if it checks"
                                + " code the starter gives.");
                    } else if (test.givenCode() && test.status() != Status.PASSED) {
                        problems.add(which + " is marked @ChecksGivenCode but does not pass on the starter: "
                                + test.reason());
                    }
                }
            }
        }
        return problems;
    }

    /** Ends the build with a message, without a stack trace that would hide it. */
    static final class GradingFailure extends RuntimeException {
        GradingFailure(String message) {
            super(Objects.requireNonNull(message), null, false, false);
        }
    }
}

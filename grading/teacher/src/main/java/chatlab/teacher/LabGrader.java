package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.grading.Mode;
import chatlab.grading.TestResult;
import chatlab.grading.TestResult.Status;
import chatlab.teacher.KitBuild.LabSuite;
import chatlab.teacher.run.FailureDetails;
import chatlab.teacher.run.RunLabTests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Grades one lab of one submission: compiles the student's sources, then runs the kit's tests
 * on them in a fresh JVM of its own, with its own working folder, within a time limit and an
 * output cap. The verdict comes from the result.json the kit's GradingListener writes, even
 * when the run was cut short.
 */
public final class LabGrader {

    /**
     * The fixed settings of a grading session.
     *
     * @param timeLimit  wall-clock limit for the whole test run of one lab
     * @param outputCap  how many bytes of the run's output are kept
     * @param jvmOptions options for the test JVM (memory, the kit's surefire argLine)
     * @param junit      JUnit configuration parameters (the kit's surefire ones)
     */
    public record Settings(Duration timeLimit, int outputCap, List<String> jvmOptions, Map<String, String> junit) {
    }

    private final Settings settings;
    private final StudentCompiler compiler;
    private final Path runnerClasses;

    /** The test runner is copied into {@code snapshot}: a rebuild of the teacher tools while grading cannot touch it. */
    public LabGrader(Settings settings, StudentCompiler compiler, Path snapshot) throws IOException {
        this.settings = settings;
        this.compiler = compiler;
        for (Class<?> runnerClass : List.of(RunLabTests.class, FailureDetails.class)) {
            String runner = runnerClass.getName().replace('.', '/') + ".class";
            Path copy = snapshot.resolve("runner").resolve(runner);
            Files.createDirectories(copy.getParent());
            try (var in = runnerClass.getClassLoader().getResourceAsStream(runner)) {
                Files.copy(in, copy);
            }
        }
        this.runnerClasses = snapshot.resolve("runner");
    }

    /**
     * Grades a student's lab.
     *
     * @param reference the kit's run of the reference solution: every test and its points
     * @param job       an empty folder of this job's own
     */
    public LabGrade grade(Submission submission, LabSuite suite, LabResult reference, Path unpacked, Path job)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String student = submission.student();
        String lab = suite.lab().name();
        Optional<Path> folder;
        try {
            folder = submission.labFolder(lab, unpacked);
        } catch (IOException unreadable) {
            return notRun(student, reference, Verdict.MISSING, "the submission cannot be read: " + unreadable.getMessage(),
                    "not run: the submission cannot be read", start);
        }
        if (folder.isEmpty()) {
            return notRun(student, reference, Verdict.MISSING, "the submission has no folder " + lab
                    + " with a src/main/java inside", "not run: the lab is missing from the submission", start);
        }
        Path classes = job.resolve("classes");
        List<String> errors = compiler.compile(folder.get().resolve("src/main/java"), suite.classpath(), classes);
        if (!errors.isEmpty()) {
            return notRun(student, reference, Verdict.COMPILE_ERROR,
                    "the code does not compile; the compiler's first errors:\n" + String.join("\n", errors),
                    "not run: the code does not compile", start);
        }
        List<Path> studentPath = new ArrayList<>(List.of(classes));
        Path resources = folder.get().resolve("src/main/resources");
        if (Files.isDirectory(resources)) {
            studentPath.add(resources);
        }
        return run(student, suite, reference, studentPath, job, start);
    }

    /** Runs the kit's tests on the reference solution: the list of tests, their points, and a sanity check. */
    public LabGrade gradeReference(LabSuite suite, Path job) throws IOException, InterruptedException {
        LabResult nothing = new LabResult(suite.lab().name(), Mode.STUDENT.label(), false, List.of());
        return run("(reference solution)", suite, nothing,
                List.of(suite.referenceClasses()), job, System.nanoTime());
    }

    private LabGrade run(String student, LabSuite suite, LabResult reference, List<Path> studentPath, Path job,
                         long start) throws IOException, InterruptedException {
        String lab = suite.lab().name();
        Path resultFile = job.resolve("result.json");
        Path tmp = Files.createDirectories(job.resolve("tmp"));
        // The kit's classes come first, so a student's class can never replace a test or the listener.
        List<Path> classpath = new ArrayList<>();
        classpath.add(runnerClasses);
        classpath.add(suite.testClasses());
        classpath.addAll(suite.classpath());
        // The kit's own reference run is trusted; a student's code may run as another user (RunAs).
        boolean studentCode = !studentPath.equals(List.of(suite.referenceClasses()));
        Path testClasses = suite.testClasses();
        if (studentCode && RunAs.active()) {
            classpath = RunAs.readable(classpath, runnerClasses.getParent().resolveSibling("readable"));
            testClasses = classpath.get(1);
        }
        classpath.addAll(studentPath);

        Path arguments = job.resolve("java.args");
        Files.writeString(arguments, "-cp\n" + quoted(classpath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator))) + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-Dgrading.result=" + resultFile);
        command.add("-Dgrading.lab=" + lab);
        command.add("-Dgrading.mode=" + Mode.STUDENT.label());
        command.add("@" + arguments);
        command.add(RunLabTests.class.getName());
        command.add(testClasses.toString());
        settings.junit().forEach((key, value) -> command.add(key + "=" + value));

        List<String> started = studentCode ? RunAs.wrap(command, job) : command;
        BoundedProcess.Outcome outcome = BoundedProcess.run(started, job, settings.timeLimit(), settings.outputCap());
        LabResult result = readResult(resultFile);
        Verdict verdict;
        String detail;
        String neverRan;
        if (outcome.timedOut()) {
            verdict = Verdict.TIMED_OUT;
            detail = "the tests did not finish within the time limit of " + settings.timeLimit().toSeconds()
                    + " s, so the run was stopped: something in the code blocks or loops forever.";
            neverRan = "not finished when the time limit ran out (something blocks or loops forever)";
        } else if (result == null || !result.complete()) {
            verdict = Verdict.STOPPED;
            detail = "the test run stopped " + (result == null ? "before any test ran" : "before the end")
                    + " (exit code " + outcome.exitCode() + "): does the code call System.exit(), or did the JVM crash?"
                    + " Tests that never ran count 0 points.";
            neverRan = "never ran: the test run stopped early (System.exit? a crash?)";
        } else {
            verdict = Verdict.GRADED;
            detail = "";
            neverRan = "never ran";
        }
        if (outcome.outputCut(settings.outputCap())) {
            detail = (detail + " The code printed " + megabytes(outcome.outputBytes()) + " of output while tested;"
                    + " only the first " + settings.outputCap() / 1024 + " KB were kept.").trim();
        }
        LabResult merged = merge(lab, reference, result, neverRan);
        return new LabGrade(student, lab, verdict, merged, detail, outcome.output(), outcome.outputBytes(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Every test of the reference, with this run's outcome where it has one. */
    private static LabResult merge(String lab, LabResult reference, LabResult run, String neverRan) {
        Map<String, TestResult> outcomes = new LinkedHashMap<>();
        if (run != null) {
            run.tests().forEach(test -> outcomes.put(test.id(), test));
        }
        List<TestResult> tests = new ArrayList<>();
        for (TestResult expected : reference.tests()) {
            TestResult got = outcomes.remove(expected.id());
            tests.add(got == null ? withOutcome(expected, Status.NOT_RUN, neverRan) : got.status() == Status.NOT_RUN
                    ? withOutcome(got, Status.NOT_RUN, got.reason() == null ? neverRan : got.reason()) : got);
        }
        if (reference.tests().isEmpty()) {
            // Grading the reference itself: its own run is the list of tests. A student's run
            // never adds tests the reference does not have.
            outcomes.values().forEach(tests::add);
        }
        return new LabResult(lab, Mode.STUDENT.label(), run != null && run.complete(), tests);
    }

    private static LabGrade notRun(String student, LabResult reference, Verdict verdict, String detail,
                                   String reason, long start) {
        List<TestResult> tests = reference.tests().stream()
                .map(test -> withOutcome(test, Status.NOT_RUN, reason)).toList();
        LabResult result = new LabResult(reference.lab(), Mode.STUDENT.label(), false, tests);
        return new LabGrade(student, reference.lab(), verdict, result, detail, "", 0,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static TestResult withOutcome(TestResult test, Status status, String reason) {
        return new TestResult(test.id(), test.name(), test.points(), test.givenCode(), status, reason);
    }

    private static LabResult readResult(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return LabResult.read(file);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** An argument for a java @file: in quotes, with backslashes (Windows paths) escaped. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? String.format("%.1f MB", bytes / (1024.0 * 1024)) : bytes / 1024 + " KB";
    }
}

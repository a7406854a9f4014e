package chatlab.grading;

import chatlab.grading.TestResult.Status;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build's proof that a lab's score climbs step by step: for every step k of the lab, the
 * solution with steps 1..k done and later steps still TODO ({@link StarterSync} partial k) earns
 * exactly the points of the tests with {@code @Step(n)}, n &lt;= k. Every test of a step &lt;= k
 * must pass, every test of a later step must fail (guards and {@link ChecksGivenCode} tests
 * pass at every k); a test that breaks this is named with its step and k.
 *
 * <p>Cheap by design: run by {@link GradedRun} in the build's own JVM, it compiles each
 * partial solution with javax.tools into a folder of its own (no Maven build per k), and runs
 * the lab's already compiled tests on it in a test JVM of its own, exactly as the graded run
 * does ({@link RunGradedTests}): a JVM per k, because tests may count the JVM's threads or open
 * files, which a previous run would disturb. Up to {@code parallel} of these JVMs run at once.
 */
public final class StepProof {

    private static final Pattern REGION_STEP = Pattern.compile("//\\s*region\\s+Step\\s+(\\d+)");
    private static final byte[] STEP_ANNOTATION = "Lchatlab/grading/Step;".getBytes(StandardCharsets.UTF_8);

    private StepProof() {
    }

    /**
     * Proves the steps of one lab; prints one line per k and what is wrong.
     *
     * @param classPath the solution's test class path (its classes are left out of each run)
     * @param jvm       options of each test JVM, as in the graded run
     * @return true when the proof holds or the lab has no @Step yet
     */
    static boolean prove(Path solutionSources, Path testClasses, Path solutionClasses, Path work, String lab,
                         String excludes, List<String> classPath, List<String> jvm, long limitSeconds, int parallel)
            throws IOException, InterruptedException {
        if (!mentionsStep(testClasses)) {
            System.out.println("[steps] " + lab + ": no test has @Step yet, so there is no step proof to make.");
            return true;
        }
        int steps = lastStep(solutionSources);
        // Steps 1..K all done is the solution itself (unless it has solution-only files), which the
        // solution check has just graded: no need to run it again.
        int last = hasSolutionOnlyFiles(solutionSources) ? steps : steps - 1;
        List<String> dependencies = new ArrayList<>();
        for (String entry : classPath) {
            Path path = Path.of(entry).toAbsolutePath();
            if (!path.equals(solutionClasses.toAbsolutePath()) && !path.equals(testClasses.toAbsolutePath())) {
                dependencies.add(path.toString());
            }
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        List<Future<List<String>>> outcomes = new ArrayList<>();
        for (int done = 1; done <= last; done++) {
            int k = done;
            Path folder = work.resolve("step-" + k);
            Path classes = compilePartial(solutionSources, k, folder, dependencies);
            outcomes.add(pool.submit(() -> runStep(k, classes, testClasses, dependencies, folder, lab, excludes, jvm,
                    limitSeconds)));
        }
        pool.shutdown();
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> outcome : outcomes) {
            try {
                problems.addAll(outcome.get());
            } catch (ExecutionException e) {
                problems.add(String.valueOf(e.getCause()));
            }
        }
        System.out.printf("[steps] %s: steps 1-k done for k = 1..%d checked in %.1f s, %d at a time%s%n", lab, last,
                (System.nanoTime() - start) / 1e9, Math.max(1, parallel),
                last < steps ? " (k = " + steps + " is the solution, graded above)" : "");
        if (!problems.isEmpty()) {
            System.out.println("[steps] " + lab + ": a student who finishes steps 1..k must earn exactly the points"
                    + " of the tests of steps 1..k:");
            problems.forEach(problem -> System.out.println("  " + problem));
        }
        return problems.isEmpty();
    }

    /** Runs the lab's tests on "steps 1..k done" in a JVM of its own; returns what is wrong. */
    private static List<String> runStep(int k, Path classes, Path testClasses, List<String> dependencies, Path folder,
                                        String lab, String excludes, List<String> jvm, long limitSeconds)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Path resultFile = folder.resolve("result.json");
        Files.deleteIfExists(resultFile);
        List<String> classPath = new ArrayList<>();
        classPath.add(classes.toString());
        classPath.add(testClasses.toString());
        classPath.addAll(dependencies);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), StepProof.class.getName(),
                testClasses.toString(), resultFile.toAbsolutePath().toString(), lab, String.valueOf(k), excludes));
        // To rerun one k by hand: sh command.txt (from its work folder).
        Files.writeString(folder.resolve("command.txt"), String.join(" ", command.stream()
                .map(part -> "'" + part.replace("'", "'\\''") + "'").toList()) + "\n", StandardCharsets.UTF_8);
        // Each k in a working folder of its own: runs at the same time must not share chat_log.txt.
        Path workingFolder = Files.createDirectories(folder.resolve("work"));
        Process tests = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("output.txt").toFile()).start();
        if (!tests.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            tests.descendants().forEach(ProcessHandle::destroyForcibly);
            tests.destroyForcibly();
            return List.of("steps 1-" + k + ": the tests did not finish in " + limitSeconds + " s");
        }
        if (!Files.exists(resultFile)) {
            return List.of("steps 1-" + k + ": no result (see " + folder.resolve("output.txt") + ")");
        }
        LabResult result = LabResult.read(resultFile);
        List<String> wrong = check(result, k);
        int expected = result.tests().stream()
                .filter(test -> test.givenCode() || test.step() != null && test.step() <= k)
                .mapToInt(TestResult::points).sum();
        System.out.printf("[steps] %s: steps 1-%d done: %d/%d points, expected %d%s (%.1f s)%n", lab, k,
                result.points(), result.maxPoints(), expected, wrong.isEmpty() ? "" : " - WRONG",
                (System.nanoTime() - begin) / 1e9);
        return wrong;
    }

    /**
     * The test JVM of one k: {@code StepProof <test classes> <result.json> <lab> <k> <excludes>}.
     * First the tests that must pass (steps 1..k, guards, given code, tests without a step), with
     * the usual settings; then the tests of later steps, which must fail, with {@link #LATER_STEPS}
     * per test: a test that passes before its step finds nothing to wait for and passes at once,
     * while waiting out every 3-s read of a server whose step is still TODO would make the proof
     * cost minutes.
     */
    public static void main(String[] args) {
        Path testClasses = Path.of(args[0]);
        Path resultFile = Path.of(args[1]);
        int k = Integer.parseInt(args[3]);
        String excludes = args.length > 4 ? args[4] : "";
        GradingListener listener = new GradingListener(resultFile.toString(), args[2], Mode.STUDENT.label());
        Path stackTraces = resultFile.resolveSibling("stack-traces.txt");
        RunGradedTests.run(testClasses, stackTraces, "", excludes, Map.of(), steps(k, false), listener);
        RunGradedTests.run(testClasses, stackTraces, "", excludes,
                Map.of("junit.jupiter.execution.timeout.testable.method.default", LATER_STEPS), steps(k, true), listener);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    /** The time a test of a later step gets in the proof. */
    static final String LATER_STEPS = "2 s";

    /** Keeps the tests of steps after k (later = true), or all the others. */
    private static PostDiscoveryFilter steps(int k, boolean later) {
        return descriptor -> {
            if (!(descriptor.getSource().orElse(null) instanceof MethodSource source)) {
                return FilterResult.included("not a test method");
            }
            Step step;
            try {
                step = GradingListener.annotation(source.getJavaMethod(), source.getJavaClass(), Step.class);
            } catch (RuntimeException cannotLoad) {
                step = null;
            }
            boolean isLater = step != null && step.value() > k;
            return FilterResult.includedIf(isLater == later);
        };
    }

    /** What is wrong with this run of steps 1..k done; empty when it is exactly right. */
    static List<String> check(LabResult result, int k) {
        List<String> wrong = new ArrayList<>();
        if (!result.complete()) {
            wrong.add("steps 1-" + k + ": the test run did not finish");
        }
        for (TestResult test : result.tests()) {
            String which = "'" + test.name() + "' (" + test.id() + ")";
            if (test.guard() || test.givenCode()) {
                if (test.status() != Status.PASSED) {
                    wrong.add("steps 1-" + k + ": " + which + " must pass at every step but fails: " + test.reason());
                }
            } else if (test.step() == null) {
                if (k == 1) {
                    wrong.add(which + " has no @Step(n)");
                }
            } else if (test.step() <= k && test.status() != Status.PASSED) {
                wrong.add("steps 1-" + k + ": " + which + " of step " + test.step() + " fails, so it needs a later"
                        + " step too: " + test.reason());
            } else if (test.step() > k && test.status() == Status.PASSED) {
                wrong.add("steps 1-" + k + ": " + which + " of step " + test.step() + " already passes: it grades"
                        + " nothing of step " + test.step() + " (give it an earlier step, or test the step's work)");
            }
        }
        return wrong;
    }

    private static boolean mentionsStep(Path testClasses) throws IOException {
        if (!Files.isDirectory(testClasses)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(testClasses)) {
            return files.filter(file -> file.toString().endsWith(".class")).anyMatch(file -> {
                try {
                    return indexOf(Files.readAllBytes(file), STEP_ANNOTATION) >= 0;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean hasSolutionOnlyFiles(Path solutionSources) throws IOException {
        try (Stream<Path> files = Files.walk(solutionSources)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.readString(file, StandardCharsets.UTF_8).startsWith(StarterSync.SOLUTION_ONLY)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The highest step number of the solution's regions. */
    static int lastStep(Path solutionSources) throws IOException {
        int last = 0;
        try (Stream<Path> files = Files.walk(solutionSources)) {
            for (Path file : files.filter(each -> each.toString().endsWith(".java")).toList()) {
                Matcher step = REGION_STEP.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (step.find()) {
                    last = Math.max(last, Integer.parseInt(step.group(1)));
                }
            }
        }
        return last;
    }

    /** Writes and compiles "steps 1..k done"; returns its classes folder (with its resources). */
    private static Path compilePartial(Path solutionSources, int k, Path folder, List<String> classPath)
            throws IOException {
        Map<Path, String> files = StarterSync.generate(solutionSources, k);
        Path classes = folder.resolve("classes");
        Path sources = folder.resolve("src");
        List<String> javaFiles = new ArrayList<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Path relative = file.getKey();
            boolean resource = relative.getNameCount() > 1 && relative.getName(0).toString().equals("resources");
            Path target = resource ? classes.resolve(relative.subpath(1, relative.getNameCount()))
                    : sources.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            if (target.toString().endsWith(".java")) {
                javaFiles.add(target.toString());
            }
        }
        Files.createDirectories(classes);
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                "-nowarn", "-encoding", "UTF-8", "-classpath", String.join(File.pathSeparator, classPath)));
        options.addAll(javaFiles);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = compiler.run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8),
                options.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("steps 1-" + k + " done, later ones TODO, does not compile (a region"
                    + " must compile without the later ones):\n" + errors.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }

}

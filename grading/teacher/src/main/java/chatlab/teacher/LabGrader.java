package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.grading.Mode;
import chatlab.grading.TestResult;
import chatlab.grading.TestResult.Status;
import chatlab.teacher.KitBuild.LabSuite;
import chatlab.teacher.run.RunLabTests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Grades one lab of one submission: compiles the student's sources, screens the classes, then
 * runs the kit's tests on them in a fresh JVM of its own (in the session's sandbox, if any),
 * with its own copies of everything it reads and its own working folder, within a time limit
 * and an output cap. Points come from the calibration, outcomes from the run's signed result
 * channel ({@link Integrity}); the run's own result.json is only checked against them.
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

    /** A student's lab as read before any student code ran: its sources and resources, in memory. */
    public record Sources(FileTree java, FileTree resources) {
    }

    /**
     * The JDK modules a test JVM sees: Java SE, and the harmless JDK modules a lab might use
     * (charsets, locale data, socket options, zip and HTTP server), those this JDK has. Left out:
     * jdk.unsupported (sun.misc.Unsafe), jdk.attach, jdk.jshell, jdk.compiler, the debugger's, and
     * jdk.management (its diagnostic beans can dump the JVM's memory; tests count open files with
     * chatlab.testkit.OpenFiles instead).
     */
    static final List<String> VISIBLE_MODULES = java.util.stream.Stream.of("java.se", "jdk.charsets", "jdk.localedata",
                    "jdk.net", "jdk.zipfs", "jdk.crypto.ec", "jdk.httpserver")
            .filter(name -> java.lang.module.ModuleFinder.ofSystem().find(name).isPresent()).toList();

    /** The name of the test runner's module (see {@link RunnerModule}). */
    static final String RUNNER_MODULE = RunnerModule.NAME;

    private final Settings settings;
    private final StudentCompiler compiler;
    private final Sandbox sandbox;
    private final FileTree runner;
    /** The kit's folders a run reads (compiled tests, grading support, reference classes), read once. */
    private final Map<Path, FileTree> kitFolders = new ConcurrentHashMap<>();
    /** Runs share this lock; a run started again because its files changed under it holds it alone. */
    private final java.util.concurrent.locks.ReadWriteLock runs = new java.util.concurrent.locks.ReentrantReadWriteLock(true);

    public LabGrader(Settings settings, StudentCompiler compiler, Sandbox sandbox) throws IOException {
        this.settings = settings;
        this.compiler = compiler;
        this.sandbox = sandbox;
        this.runner = RunnerModule.files();
    }

    /** Reads a student's lab into memory: what is graded is what was there when grading began. */
    public static Sources read(Path labFolder) throws IOException {
        return new Sources(FileTree.read(labFolder.resolve("src/main/java")),
                FileTree.read(labFolder.resolve("src/main/resources")));
    }

    /** Reads the kit's folders of a lab into memory, before any student code runs. */
    public void preload(LabSuite suite) throws IOException {
        kitFolders.put(suite.testClasses(), testsToRun(suite));
        kit(suite.referenceClasses());
        for (Path entry : suite.classpath()) {
            if (Files.isDirectory(entry)) {
                kit(entry);
            }
        }
    }

    /**
     * The lab's compiled tests as a run gets them. The kit's own real-window checks
     * (solutions/labNN-x/src/window-test) are compiled with the lab's tests but graded nowhere:
     * a run without them gives the same grade, seconds sooner.
     */
    static FileTree testsToRun(LabSuite suite) throws IOException {
        Set<String> windowTests = TeachersWeek.javaSources(suite.lab().gradingModule().resolve("src/window-test/java"))
                .keySet().stream().map(source -> source.replace('\\', '/').replaceAll("\\.java$", ""))
                .collect(Collectors.toSet());
        return FileTree.read(suite.testClasses()).without(file -> windowTests.stream()
                .anyMatch(test -> file.equals(test + ".class") || file.startsWith(test + "$")));
    }

    /**
     * Grades a student's lab.
     *
     * @param sources   the student's lab, read at the start (null: the lab is missing)
     * @param problem   why the submission could not be read, or null
     * @param reference the calibration: every test and its points
     * @param job       an empty folder of this job's own
     */
    public LabGrade grade(String student, Sources sources, String problem, LabSuite suite, LabResult reference, Path job)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String lab = suite.lab().name();
        if (problem != null) {
            return notRun(student, reference, Verdict.MISSING, "the submission cannot be read: " + problem,
                    "not run: the submission cannot be read", start);
        }
        if (sources == null) {
            return notRun(student, reference, Verdict.MISSING, "the submission has no folder " + lab
                    + " with a src/main/java inside", "not run: the lab is missing from the submission", start);
        }
        Path sourceFolder = sources.java().writeTo(job.resolve("src/main/java"));
        Path classes = job.resolve("classes");
        List<String> errors = compiler.compile(sourceFolder, suite.classpath(), classes);
        if (!errors.isEmpty()) {
            return notRun(student, reference, Verdict.COMPILE_ERROR,
                    "the code does not compile; the compiler's first errors:\n" + String.join("\n", errors),
                    "not run: the code does not compile", start);
        }
        Path resources = sources.resources().writeTo(job.resolve("resources"));
        List<String> flags = BytecodeScreen.screen(classes, resources);
        List<Path> studentPath = List.of(classes, resources);
        LabGrade grade = run(student, suite, reference, studentPath, job, start);
        return grade.withFlags(flags);
    }

    /**
     * Runs the kit's tests on the reference solution: the calibration (the list of tests, their
     * points), and a sanity check. The reference is the kit's own code, so its result.json is
     * trusted for the list; its outcomes still come from the channel.
     */
    public LabGrade gradeReference(LabSuite suite, Path job) throws IOException, InterruptedException {
        Path classes = kit(suite.referenceClasses()).writeTo(job.resolve("classes"));
        LabResult nothing = new LabResult(suite.lab().name(), Mode.STUDENT.label(), false, List.of());
        return run("(reference solution)", suite, nothing, List.of(classes), job, System.nanoTime());
    }

    private LabGrade run(String student, LabSuite suite, LabResult reference, List<Path> studentPath, Path job,
                         long start) throws IOException, InterruptedException {
        String lab = suite.lab().name();
        Map<Path, FileTree> studentFiles = new java.util.LinkedHashMap<>();
        for (Path folder : studentPath) {
            studentFiles.put(folder, FileTree.read(folder));
        }
        // Without a sandbox another run (a hostile one) can reach this run's copies. If they changed
        // while it ran, it runs again, alone this time, from memory: then only the run itself can
        // have changed them.
        Attempt attempt;
        runs.readLock().lock();
        try {
            attempt = attempt(suite, studentFiles, job, !reference.tests().isEmpty());
        } finally {
            runs.readLock().unlock();
        }
        List<String> damaged = attempt.damagedInputs();
        if (!damaged.isEmpty()) {
            for (String folder : List.of("runner", "tests", "work", "home", "tmp", "result")) {
                Grader.deleteTree(job.resolve(folder));
            }
            for (Map.Entry<Path, FileTree> folder : studentFiles.entrySet()) {
                Grader.deleteTree(folder.getKey());
                folder.getValue().writeTo(folder.getKey());
            }
            runs.writeLock().lock();
            try {
                attempt = attempt(suite, studentFiles, job, !reference.tests().isEmpty());
            } finally {
                runs.writeLock().unlock();
            }
            damaged = attempt.damagedInputs();
        }
        BoundedProcess.Outcome outcome = attempt.outcome();
        ResultChannel.Report report = attempt.channel().report();
        Path resultFile = attempt.resultFile();
        FileTime began = attempt.began();

        LabResult file = null;
        boolean stale = false;
        List<String> unreadable = new ArrayList<>();
        if (Files.exists(resultFile)) {
            stale = Files.getLastModifiedTime(resultFile).compareTo(began) < 0;
            try {
                file = LabResult.read(resultFile);
            } catch (IOException | RuntimeException notOurs) {
                if (!outcome.timedOut()) {
                    unreadable.add("result.json is not what the kit's listener writes");
                }
            }
        }
        if (reference.tests().isEmpty()) {
            // Calibrating on the kit's own solution: its result.json is the list of tests.
            if (file == null) {
                throw new IOException("the kit's run of the reference solution of " + lab + " reported nothing:\n"
                        + outcome.output());
            }
            reference = new LabResult(lab, Mode.STUDENT.label(), false,
                    file.tests().stream().map(test -> Integrity.withOutcome(test, Status.NOT_RUN, null)).toList(),
                    file.language());
        }

        Verdict verdict;
        String detail;
        Integrity.Reasons reasons;
        if (outcome.timedOut()) {
            verdict = Verdict.TIMED_OUT;
            detail = "the tests did not finish within the time limit of " + settings.timeLimit().toSeconds()
                    + " s, so the run was stopped: something in the code blocks or loops forever.";
            reasons = new Integrity.Reasons("not finished when the time limit ran out (something blocks or loops forever)",
                    "not finished when the time limit ran out (something blocks or loops forever)", Status.NOT_RUN);
        } else if (!report.ended()) {
            verdict = Verdict.STOPPED;
            detail = "the test run stopped " + (report.planned().isEmpty() ? "before any test ran" : "before the end")
                    + " (exit code " + outcome.exitCode() + "): does the code call System.exit(), or did the JVM crash?"
                    + " Tests that never ran count 0 points.";
            reasons = new Integrity.Reasons("never ran: the test run stopped early (System.exit? a crash?)",
                    "the test JVM stopped during this test: did the code call System.exit()?", Status.FAILED);
        } else {
            verdict = Verdict.GRADED;
            detail = "";
            reasons = new Integrity.Reasons("never ran: its test class could not be loaded (does the code lack a"
                    + " class or method the tests use?)", "never finished", Status.NOT_RUN);
        }
        Integrity.Checked checked = Integrity.check(lab, reference, report, file, stale, outcome.timedOut(), reasons);
        List<String> tampering = new ArrayList<>(unreadable);
        if (!damaged.isEmpty()) {
            tampering.add("the run changed its own copies of " + String.join(", ", damaged)
                    + " (it ran again alone, and changed them again)");
        }
        tampering.addAll(checked.tampering());
        if (!tampering.isEmpty()) {
            verdict = Verdict.TAMPERED;
            detail = "the result of this run does not match what the kit's tests reported, so it is not counted: "
                    + String.join("; ", tampering) + ". " + detail;
        }
        if (outcome.outputCut(settings.outputCap())) {
            detail = (detail + " The code printed " + megabytes(outcome.outputBytes()) + " of output while tested;"
                    + " only the first " + settings.outputCap() / 1024 + " KB were kept.").trim();
        }
        LabResult result = checked.result();
        if (!tampering.isEmpty()) {
            List<TestResult> none = result.tests().stream()
                    .map(test -> Integrity.withOutcome(test, Status.NOT_RUN, test.reason())).toList();
            result = new LabResult(lab, Mode.STUDENT.label(), false, none, result.language());
        }
        return new LabGrade(student, lab, verdict, result, detail.trim(), outcome.output(), outcome.outputBytes(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** One start of the test JVM: what it reported, and which of its inputs were changed meanwhile. */
    private record Attempt(BoundedProcess.Outcome outcome, ResultChannel channel, Path resultFile, FileTime began,
                           List<String> damagedInputs) {
    }

    private Attempt attempt(LabSuite suite, Map<Path, FileTree> student, Path job, boolean studentCode)
            throws IOException, InterruptedException {
        String lab = suite.lab().name();
        Map<Path, FileTree> inputs = new java.util.LinkedHashMap<>();
        // The run's own copies of what it reads, written from memory: nothing an earlier run did
        // to files on disk reaches this one.
        Path runnerCopy = runner.writeTo(job.resolve("runner"));
        Path tests = kit(suite.testClasses()).writeTo(job.resolve("tests"));
        inputs.put(runnerCopy, runner);
        inputs.put(tests, kit(suite.testClasses()));
        List<Path> classpath = new ArrayList<>();
        classpath.add(tests);
        int copies = 0;
        for (Path entry : suite.classpath()) {
            if (Files.isDirectory(entry)) {
                Path copy = kit(entry).writeTo(job.resolve("kit-" + copies++));
                inputs.put(copy, kit(entry));
                classpath.add(copy);
            } else if (studentCode && RunAs.active()) {
                // A jar in root's Maven repository is out of the unprivileged user's reach: a readable copy.
                classpath.add(RunAs.readable(List.of(entry), job.getParent().getParent().resolveSibling("readable")).get(0));
            } else {
                classpath.add(entry);
            }
        }
        // The kit's classes come first, so a student's class can never replace a test or the listener.
        classpath.addAll(student.keySet());
        inputs.putAll(student);
        Path work = Files.createDirectories(job.resolve("work"));
        Path home = Files.createDirectories(job.resolve("home"));
        Path tmp = Files.createDirectories(job.resolve("tmp"));
        Path resultFolder = Files.createDirectories(job.resolve("result"));
        Path resultFile = resultFolder.resolve("result.json");

        Path arguments = job.resolve("java.args");
        Files.writeString(arguments, "-cp\n" + quoted(classpath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator))) + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions());
        command.add("-XX:+DisableAttachMechanism");
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-Duser.home=" + home);
        command.add("-Dgrading.result=" + resultFile);
        command.add("-Dgrading.lab=" + lab);
        command.add("-Dgrading.mode=" + Mode.STUDENT.label());
        // The runner is a named module that opens nothing: reflection cannot reach its secret.
        // The JDK modules are those of Java SE: no jdk.unsupported (sun.misc.Unsafe), jdk.attach, jdk.jshell, jdk.compiler.
        command.addAll(List.of("--module-path", runnerCopy.toString(), "--add-modules", "java.se",
                "--limit-modules", String.join(",", VISIBLE_MODULES) + "," + RUNNER_MODULE,
                "--add-reads", RUNNER_MODULE + "=ALL-UNNAMED"));
        command.add("@" + arguments);
        command.addAll(List.of("-m", RUNNER_MODULE + "/" + RunLabTests.class.getName()));
        command.add(tests.toString());
        settings.junit().forEach((key, value) -> command.add(key + "=" + value));

        List<Path> readOnly = new ArrayList<>(classpath);
        readOnly.add(runnerCopy);
        readOnly.add(arguments);
        Sandbox.Layout layout = new Sandbox.Layout(readOnly, List.of(work, home, tmp, resultFolder), work, home);
        ResultChannel channel = new ResultChannel();
        FileTime began = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        // The kit's own reference run is trusted; a student's code may run as another user (RunAs).
        List<String> started = studentCode ? RunAs.wrap(sandbox.wrap(command, layout), job) : sandbox.wrap(command, layout);
        BoundedProcess.Outcome outcome = BoundedProcess.run(started, work,
                Map.of("HOME", home.toString()), settings.timeLimit(), settings.outputCap(), channel, !sandbox.isolated());
        List<String> damaged = new ArrayList<>();
        if (!sandbox.isolated()) {
            inputs.forEach((folder, tree) -> {
                if (!tree.sameAs(folder)) {
                    damaged.add(job.relativize(folder).toString());
                }
            });
        }
        return new Attempt(outcome, channel, resultFile, began, damaged);
    }

    private FileTree kit(Path folder) throws IOException {
        FileTree tree = kitFolders.get(folder);
        if (tree == null) {
            tree = FileTree.read(folder);
            kitFolders.putIfAbsent(folder, tree);
        }
        return tree;
    }

    private static LabGrade notRun(String student, LabResult reference, Verdict verdict, String detail,
                                   String reason, long start) {
        List<TestResult> tests = reference.tests().stream()
                .map(test -> Integrity.withOutcome(test, Status.NOT_RUN, reason)).toList();
        LabResult result = new LabResult(reference.lab(), Mode.STUDENT.label(), false, tests, reference.language());
        return new LabGrade(student, reference.lab(), verdict, result, detail, "", 0,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** An argument for a java @file: in quotes, with backslashes (Windows paths) escaped. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? String.format("%.1f MB", bytes / (1024.0 * 1024)) : bytes / 1024 + " KB";
    }
}

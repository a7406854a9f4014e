package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.teacher.Kit.Lab;
import chatlab.teacher.KitBuild.LabSuite;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The batch grader: grades every submission in a folder, lab by lab, with the kit's own tests,
 * and writes the gradebook, the class report and one feedback file per student.
 */
public final class Grader {

    /**
     * What to grade and how.
     *
     * @param kit         the kit whose tests grade
     * @param submissions folder with one sub-folder or .zip per student
     * @param output      where the gradebook, report and feedback go
     * @param labs        the labs to grade; empty means all
     * @param parallelism how many labs are graded at the same time
     * @param timeLimit   wall-clock limit for one lab of one submission
     * @param gradescope  also write a Gradescope results.json per student
     * @param offline     run the kit's Maven build offline
     * @param progress    show a progress bar on stderr
     * @param keepWork    keep the compiled classes and working folders, for investigation
     * @param sandbox     where test runs execute: auto, bwrap, docker, podman or none (see {@link Sandbox})
     */
    public record Options(Path kit, Path submissions, Path output, List<String> labs, int parallelism,
                          Duration timeLimit, boolean gradescope, boolean offline, boolean progress, boolean keepWork,
                          String sandbox) {

        public Options(Path kit, Path submissions, Path output, List<String> labs, int parallelism,
                       Duration timeLimit, boolean gradescope, boolean offline, boolean progress, boolean keepWork) {
            this(kit, submissions, output, labs, parallelism, timeLimit, gradescope, offline, progress, keepWork, "auto");
        }
    }

    /** Bytes of a run's output kept for the feedback and the logs. */
    static final int OUTPUT_CAP = 64 * 1024;
    /** Memory of a test JVM: plenty for the labs, bounded for code that hoards. */
    static final String TEST_JVM_MEMORY = "-Xmx512m";

    private final Options options;
    private final PrintStream log;

    public Grader(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Grades everything and writes the outputs; returns the class's grades. */
    public ClassGrades run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Kit kit = Kit.open(options.kit());
        List<Lab> labs = kit.select(options.labs());
        if (labs.isEmpty()) {
            throw new IllegalArgumentException("the kit in " + kit.root() + " has no lab modules (labNN-name)");
        }
        List<Submission> submissions = Submission.findAll(options.submissions());
        Path output = Files.createDirectories(options.output()).toAbsolutePath();
        Sandbox sandbox = Sandbox.choose(Sandbox.Kind.parse(options.sandbox()));
        log.printf("Grading %d submission(s) x %d lab(s) (%s) with %d parallel run(s), %d s per lab at most.%n",
                submissions.size(), labs.size(), String.join(", ", labs.stream().map(Lab::name).toList()),
                options.parallelism(), options.timeLimit().toSeconds());
        log.println("Sandbox: " + sandbox.describe());

        Path work = Files.createTempDirectory("chatlab-grading-");
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism());
        try {
            log.println("Building the kit's tests once (Maven; log in " + output.resolve("kit-build.log") + ")...");
            Map<Lab, LabSuite> suites = KitBuild.build(kit, labs, options.offline(), output.resolve("kit-build.log"),
                    work.resolve("kit"));
            log.println("  built in " + human(Duration.ofNanos(System.nanoTime() - start)));

            // A test run is short: the C1 compiler alone costs a third less CPU than C1 + C2 (BENCHMARK.md).
            List<String> jvmOptions = new ArrayList<>(List.of(TEST_JVM_MEMORY, "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
            jvmOptions.addAll(kit.surefireArgLine());
            LabGrader grader = new LabGrader(new LabGrader.Settings(options.timeLimit(), OUTPUT_CAP, jvmOptions,
                    kit.junitConfiguration()), new StudentCompiler(kit.property("maven.compiler.release", null)),
                    sandbox);
            for (Lab lab : labs) {
                grader.preload(suites.get(lab));
            }
            // Every submission is read before any student code runs: a run cannot change what is graded next.
            Map<String, Map<Lab, Read>> sources = readAll(submissions, labs, work);

            long phase = System.nanoTime();
            Map<Lab, LabResult> references = calibrate(labs, suites, grader, pool, work);
            log.println("  checked in " + human(Duration.ofNanos(System.nanoTime() - phase)));
            phase = System.nanoTime();
            ClassGrades grades = gradeAll(submissions, labs, suites, references, sources, grader, pool, work);
            grades.sandbox(sandbox.describe());
            Duration grading = Duration.ofNanos(System.nanoTime() - phase);
            int runs = submissions.size() * labs.size();
            log.printf("Graded %d lab runs in %s: %.1f s per run on each of %d worker(s).%n", runs, human(grading),
                    grading.toMillis() / 1000.0 * options.parallelism() / runs, options.parallelism());
            Reports.writeAll(grades, output, options.gradescope());
            log.printf("Done in %s: %s, %s, %s and %d feedback file(s) in %s%n",
                    human(Duration.ofNanos(System.nanoTime() - start)), "gradebook.csv", "report.html",
                    options.gradescope() ? "gradescope/" : "results/", submissions.size(), output);
            return grades;
        } finally {
            pool.shutdownNow();
            if (!options.keepWork()) {
                deleteTree(work);
            } else {
                log.println("Working folders kept in " + work);
            }
        }
    }

    /** Runs each lab's tests on its reference solution: the list of tests and points, and a sanity check. */
    private Map<Lab, LabResult> calibrate(List<Lab> labs, Map<Lab, LabSuite> suites, LabGrader grader,
                                          ExecutorService pool, Path work) throws InterruptedException, IOException {
        log.println("Checking the kit's tests on the reference solutions...");
        Map<Lab, Future<LabGrade>> runs = new LinkedHashMap<>();
        for (Lab lab : labs) {
            Path job = Files.createDirectories(work.resolve("reference").resolve(lab.name()));
            runs.put(lab, pool.submit(() -> grader.gradeReference(suites.get(lab), job)));
        }
        Map<Lab, LabResult> references = new LinkedHashMap<>();
        for (Map.Entry<Lab, Future<LabGrade>> run : runs.entrySet()) {
            LabGrade reference = get(run.getValue());
            references.put(run.getKey(), reference.result());
            if (reference.tests().isEmpty()) {
                throw new IOException("the kit has no graded test for " + run.getKey().name());
            }
            boolean fullMarks = reference.points() == reference.maxPoints() && reference.verdict() == Verdict.GRADED;
            if (run.getKey().solution() != null && !fullMarks) {
                log.printf("WARNING: the reference solution of %s scores %d/%d (%s): check the kit before trusting"
                        + " these grades.%n", run.getKey().name(), reference.points(), reference.maxPoints(),
                        reference.verdict().label());
            }
        }
        return references;
    }

    /** A student's lab as read at the start: its sources, or why it could not be read (both null: missing). */
    private record Read(LabGrader.Sources sources, String problem) {
    }

    private static Map<String, Map<Lab, Read>> readAll(List<Submission> submissions, List<Lab> labs, Path work)
            throws IOException {
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        Map<String, Map<Lab, Read>> all = new LinkedHashMap<>();
        for (Submission submission : submissions) {
            Map<Lab, Read> read = new LinkedHashMap<>();
            for (Lab lab : labs) {
                try {
                    read.put(lab, new Read(submission.labFolder(lab.name(), unpacked).isPresent()
                            ? LabGrader.read(submission.labFolder(lab.name(), unpacked).get()) : null, null));
                } catch (IOException unreadable) {
                    read.put(lab, new Read(null, unreadable.getMessage()));
                }
            }
            all.put(submission.student(), read);
        }
        deleteTree(unpacked);
        return all;
    }

    private ClassGrades gradeAll(List<Submission> submissions, List<Lab> labs, Map<Lab, LabSuite> suites,
                                 Map<Lab, LabResult> references, Map<String, Map<Lab, Read>> sources,
                                 LabGrader grader, ExecutorService pool, Path work)
            throws InterruptedException, IOException {
        int total = submissions.size() * labs.size();
        try (ProgressBar bar = options.progress() ? progressBar(total) : null) {
            List<Future<LabGrade>> runs = new ArrayList<>();
            for (Submission submission : submissions) {
                for (Lab lab : labs) {
                    runs.add(pool.submit(() -> {
                        Path job = Files.createDirectories(work.resolve("jobs").resolve(submission.student())
                                .resolve(lab.name()));
                        try {
                            Read read = sources.get(submission.student()).get(lab);
                            return grader.grade(submission.student(), read.sources(), read.problem(), suites.get(lab),
                                    references.get(lab), job);
                        } finally {
                            if (!options.keepWork()) {
                                deleteTree(job);
                            }
                            if (bar != null) {
                                bar.step();
                                bar.setExtraMessage(submission.student() + " " + lab.name());
                            }
                        }
                    }));
                }
            }
            ClassGrades grades = new ClassGrades(labs.stream().map(Lab::name).toList(),
                    labs.stream().map(lab -> references.get(lab)).toList());
            for (Future<LabGrade> run : runs) {
                grades.add(get(run));
            }
            return grades;
        }
    }

    private static ProgressBar progressBar(int total) {
        return new ProgressBarBuilder().setTaskName("Grading").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
    }

    private static LabGrade get(Future<LabGrade> run) throws InterruptedException, IOException {
        try {
            return run.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("grading failed: " + e.getCause(), e.getCause());
        }
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    static void deleteTree(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary folder is not worth failing the grading for.
        }
    }
}

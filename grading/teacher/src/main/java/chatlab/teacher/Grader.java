package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.teacher.Kit.Lab;
import chatlab.teacher.KitBuild.LabSuite;
import chatlab.teacher.run.FailureDetails;
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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
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
                          String sandbox, String language) {

        /** Feedback in English. */
        public Options(Path kit, Path submissions, Path output, List<String> labs, int parallelism,
                       Duration timeLimit, boolean gradescope, boolean offline, boolean progress, boolean keepWork,
                       String sandbox) {
            this(kit, submissions, output, labs, parallelism, timeLimit, gradescope, offline, progress, keepWork, sandbox,
                    "en");
        }

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
    private WeekOptions week = WeekOptions.DEFAULT;

    public Grader(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** The teacher's week: re-grade, similarity, deadline, roster and gradebook format. */
    public Grader with(WeekOptions weekOptions) {
        this.week = weekOptions;
        return this;
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
        List<LabGrade> previous = week.regrade() ? PreviousSession.load(output) : List.of();
        List<Lab> sessionLabs = TeachersWeek.sessionLabs(kit, labs, previous);
        // Read first: a broken roster stops the session before the long part.
        List<Gradebook.Student> roster = week.roster() == null ? null : Gradebook.readRoster(week.roster());
        List<Submission> toGrade = chosen(submissions);
        log.printf("Grading %d submission(s) x %d lab(s) (%s) with %d parallel run(s), %d s per lab at most.%n",
                toGrade.size(), labs.size(), String.join(", ", labs.stream().map(Lab::name).toList()),
                options.parallelism(), options.timeLimit().toSeconds());
        log.println("Sandbox: " + sandbox.describe());

        Path work = Files.createTempDirectory("chatlab-grading-");
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism());
        try {
            List<Deadline.Outcome> deadlines = new ArrayList<>();
            if (week.deadline() != null) {
                submissions = Deadline.apply(submissions, week.deadline(), Files.createDirectories(work.resolve("deadline")),
                        deadlines);
                List<String> names = toGrade.stream().map(Submission::student).toList();
                toGrade = submissions.stream().filter(submission -> names.contains(submission.student())).toList();
                log.printf("Deadline %s: %d Git submission(s), %d late.%n", week.deadline(), deadlines.size(),
                        deadlines.stream().filter(Deadline.Outcome::late).count());
            }
            log.println("Building the kit's tests once (Maven; log in " + output.resolve("kit-build.log") + ")...");
            Map<Lab, LabSuite> suites = KitBuild.build(kit, sessionLabs, options.offline(),
                    output.resolve("kit-build.log"), work.resolve("kit"));
            log.println("  built in " + human(Duration.ofNanos(System.nanoTime() - start)));

            // A test run is short: the C1 compiler alone costs a third less CPU than C1 + C2 (BENCHMARK.md).
            List<String> jvmOptions = new ArrayList<>(List.of(TEST_JVM_MEMORY, "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
            jvmOptions.addAll(kit.surefireArgLine());
            // The tests' names and failure reasons in result.json, in the feedback's language (chatlab.grading.Feedback).
            jvmOptions.add("-Dgrading.lang=" + options.language());
            LabGrader grader = new LabGrader(new LabGrader.Settings(options.timeLimit(), OUTPUT_CAP, jvmOptions,
                    kit.junitConfiguration()), new StudentCompiler(kit.property("maven.compiler.release", null)),
                    sandbox);
            for (Lab lab : sessionLabs) {
                grader.preload(suites.get(lab));
            }
            // Every submission is read before any student code runs: a run cannot change what is graded next.
            Map<String, Map<Lab, Read>> sources = readAll(submissions, sessionLabs, work);

            long phase = System.nanoTime();
            Map<Lab, LabResult> references = calibrate(sessionLabs, suites, grader, pool, work);
            log.println("  checked in " + human(Duration.ofNanos(System.nanoTime() - phase)));
            phase = System.nanoTime();
            ClassGrades grades = new ClassGrades(sessionLabs.stream().map(Lab::name).toList(),
                    sessionLabs.stream().map(references::get).toList());
            grades.sandbox(sandbox.describe());
            Set<String> kept = TeachersWeek.keep(previous, grades, toGrade, labs, submissions);
            // Graded now: the chosen runs, and any run the output folder lacks (a lab new to it).
            List<String> chosenStudents = toGrade.stream().map(Submission::student).toList();
            boolean regrade = week.regrade();
            BiPredicate<Submission, Lab> wanted = (submission, lab) -> chosenStudents.contains(submission.student())
                    && labs.contains(lab) || regrade && !kept.contains(submission.student() + "\n" + lab.name());
            int runs = gradeAll(submissions, sessionLabs, wanted, suites, references, sources, grader, pool, work,
                    grades);
            Duration grading = Duration.ofNanos(System.nanoTime() - phase);
            runs = Math.max(1, runs);
            log.printf("Graded %d lab runs in %s: %.1f s per run on each of %d worker(s).%n", runs, human(grading),
                    grading.toMillis() / 1000.0 * options.parallelism() / runs, options.parallelism());
            ClassNotes notes = grades.notes();
            for (Lab lab : sessionLabs) {
                notes.hiddenClasses(lab.name(), TeachersWeek.hiddenClasses(lab));
            }
            notes.deadline.addAll(deadlines);
            if (week.similarity()) {
                TeachersWeek.similarity(submissions, labs, work, notes, log);
            }
            notes.notSubmitted.putAll(Gradebook.notSubmitted(grades, roster));
            List<String> graded = submissions.stream().filter(submission -> sessionLabs.stream()
                    .anyMatch(lab -> wanted.test(submission, lab))).map(Submission::student).toList();
            Reports.writeAll(grades, output, options.gradescope(), week, roster, graded, options.language());
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

    /**
     * A student's lab as read at the start: its sources, or why it could not be read (both null:
     * missing), and whether its code is still the starter's.
     */
    private record Read(LabGrader.Sources sources, String problem, boolean untouched) {
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
                            ? LabGrader.read(submission.labFolder(lab.name(), unpacked).get()) : null, null,
                            TeachersWeek.untouched(submission, lab, unpacked)));
                } catch (IOException unreadable) {
                    read.put(lab, new Read(null, unreadable.getMessage(), false));
                }
            }
            all.put(submission.student(), read);
        }
        deleteTree(unpacked);
        return all;
    }

    /** Grades the wanted runs of submissions x labs into {@code grades}; returns how many. */
    private int gradeAll(List<Submission> submissions, List<Lab> labs, BiPredicate<Submission, Lab> wanted,
                         Map<Lab, LabSuite> suites, Map<Lab, LabResult> references,
                         Map<String, Map<Lab, Read>> sources, LabGrader grader, ExecutorService pool, Path work,
                         ClassGrades grades) throws InterruptedException, IOException {
        int total = (int) submissions.stream().mapToLong(submission -> labs.stream()
                .filter(lab -> wanted.test(submission, lab)).count()).sum();
        try (ProgressBar bar = options.progress() ? progressBar(total) : null) {
            List<Future<LabGrade>> runs = new ArrayList<>();
            // An untouched starter is graded once per lab; its other copies share that run. In a
            // weekly session most labs of most students are untouched, and the same code scores the same.
            Map<Lab, Future<LabGrade>> starterRuns = new LinkedHashMap<>();
            int shared = 0;
            for (Submission submission : submissions) {
                for (Lab lab : labs) {
                    if (!wanted.test(submission, lab)) {
                        continue;
                    }
                    Future<LabGrade> starterRun = sources.get(submission.student()).get(lab).untouched()
                            ? starterRuns.get(lab) : null;
                    if (starterRun != null) {
                        // A worker may wait for it: it was submitted earlier, so a worker already has it or will take it first.
                        runs.add(pool.submit(() -> {
                            try {
                                return shareStarterRun(get(starterRun), submission.student(), grades);
                            } finally {
                                if (bar != null) {
                                    bar.step();
                                }
                            }
                        }));
                        shared++;
                        continue;
                    }
                    Future<LabGrade> run = pool.submit(() -> {
                        Path job = Files.createDirectories(work.resolve("jobs").resolve(submission.student())
                                .resolve(lab.name()));
                        try {
                            Read read = sources.get(submission.student()).get(lab);
                            LabGrade grade = grader.grade(submission.student(), read.sources(), read.problem(),
                                    suites.get(lab), references.get(lab), job);
                            grades.notes().traces(submission.student(), lab.name(),
                                    FailureDetails.read(job.resolve("work").resolve(FailureDetails.FILE)));
                            if (read.untouched()) {
                                grades.notes().untouched(submission.student(), lab.name());
                            }
                            return grade;
                        } finally {
                            if (!options.keepWork()) {
                                deleteTree(job);
                            }
                            if (bar != null) {
                                bar.step();
                                bar.setExtraMessage(submission.student() + " " + lab.name());
                            }
                        }
                    });
                    runs.add(run);
                    if (sources.get(submission.student()).get(lab).untouched()) {
                        starterRuns.put(lab, run);
                    }
                }
            }
            for (Future<LabGrade> run : runs) {
                grades.add(get(run));
            }
            if (shared > 0) {
                log.printf("  %d untouched starter(s) shared the run of an earlier untouched copy of the same lab.%n", shared);
            }
            return runs.size() - shared;
        }
    }

    /** An untouched starter's grade: the one of the first untouched copy of the lab, under this student's name. */
    private static LabGrade shareStarterRun(LabGrade first, String student, ClassGrades grades) {
        grades.notes().traces(student, first.lab(), grades.notes().traces(first.student(), first.lab()));
        grades.notes().untouched(student, first.lab());
        return new LabGrade(student, first.lab(), first.verdict(), first.result(), first.detail(), first.output(),
                first.outputBytes(), Duration.ZERO, first.flags());
    }

    /** The submissions to grade: the ones named, or all. */
    private List<Submission> chosen(List<Submission> submissions) {
        if (week.students().isEmpty()) {
            return submissions;
        }
        for (String name : week.students()) {
            if (submissions.stream().noneMatch(submission -> submission.student().equals(name))) {
                throw new IllegalArgumentException("there is no submission '" + name + "' in " + options.submissions());
            }
        }
        return submissions.stream().filter(submission -> week.students().contains(submission.student())).toList();
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

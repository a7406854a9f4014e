package chatlab.teacher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The teacher's command line: {@code grade} a folder of submissions, or write the student
 * {@code release}. Started by the scripts grading/grade and grading/release.
 */
@Command(name = "teacher", mixinStandardHelpOptions = true, version = "Chat Lab Kit teacher tools",
        description = "Teacher tools of the Chat Lab Kit.",
        subcommands = {TeacherTool.Grade.class, TeacherTool.Release.class, TeacherTool.Gradescope.class,
                MistakeCheck.class})
public final class TeacherTool {

    public static void main(String[] args) {
        System.exit(new CommandLine(new TeacherTool()).execute(args));
    }

    /** Failures a teacher can fix get one line, not a stack trace. */
    static int fail(Exception problem) {
        System.err.println("error: " + problem.getMessage());
        return 2;
    }

    @Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Grades every submission in a folder with the kit's own tests (plus the teacher's"
                    + " hidden tests), never the tests in the students' copies.",
                    "A submission is a student's copy of the kit: a sub-folder or a .zip, named after the student.",
                    "Writes gradebook.csv, report.html, feedback/<student>.md and results/ to the output folder."})
    static final class Grade implements Callable<Integer> {

        @Parameters(paramLabel = "SUBMISSIONS", description = "folder with one sub-folder or .zip per student")
        Path submissions;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "grading-output",
                description = "where the results go (default: ${DEFAULT-VALUE})")
        Path output;

        @Option(names = {"-l", "--labs"}, split = ",", paramLabel = "LAB",
                description = "labs to grade, e.g. lab01,lab03 or 1,3 (default: every lab of the kit)")
        List<String> labs = List.of();

        @Option(names = {"-j", "--parallel"}, paramLabel = "N",
                description = "labs graded at the same time (default: four times the number of cores, ${DEFAULT-VALUE};"
                        + " test runs mostly wait, see grading/BENCHMARK.md)")
        int parallel = 4 * Runtime.getRuntime().availableProcessors();

        @Option(names = {"-t", "--time-limit"}, paramLabel = "SECONDS", defaultValue = "120",
                description = "wall-clock limit for the tests of one lab of one submission (default: ${DEFAULT-VALUE})")
        int timeLimit;

        @Option(names = "--gradescope", description = "also write gradescope/<student>/results.json in Gradescope's format")
        boolean gradescope;

        @Option(names = "--offline", description = "run the kit's Maven build offline")
        boolean offline;

        @Option(names = "--no-progress", description = "no progress bar")
        boolean noProgress;

        @Option(names = "--keep-work", description = "keep the compiled classes and working folders")
        boolean keepWork;

        @Option(names = "--sandbox", paramLabel = "KIND", defaultValue = "auto",
                description = "where test runs execute: auto (bwrap, else docker or podman if an engine answers, else none),"
                        + " bwrap, docker, podman or none (default: ${DEFAULT-VALUE})")
        String sandbox;

        @Option(names = "--regrade", description = "grade again into an existing output folder: only the students of"
                + " --student (all if none) and the labs of --labs; every other result there stays, the report is rebuilt")
        boolean regrade;

        @Option(names = {"-s", "--student"}, split = ",", paramLabel = "NAME",
                description = "grade only these submissions (folder or zip name)")
        List<String> students = List.of();

        @Option(names = "--no-similarity", description = "skip the similarity check (JPlag)")
        boolean noSimilarity;

        @Option(names = "--deadline", paramLabel = "WHEN", description = "grade each Git submission at its last commit"
                + " before this, e.g. 2026-12-01T23:59+01:00, and report late ones")
        String deadline;

        @Option(names = "--roster", paramLabel = "FILE", description = "CSV with columns id, name, email, folder")
        Path roster;

        @Option(names = "--csv-format", paramLabel = "FORMAT", defaultValue = "rfc4180",
                description = "gradebook CSV: rfc4180 (default) or excel-it (';', UTF-8 with BOM, decimal comma)")
        String csvFormat;

        @Option(names = "--scale", paramLabel = "N", description = "also give each total on a scale of N, e.g. 30")
        Integer scale;

        @Option(names = "--run-as", paramLabel = "USER", description = "run the students' code as this unprivileged"
                + " user (the grader runs as root), e.g. on Gradescope")
        String runAs;

        @Option(names = "--hidden-after-due-date", description = "with --gradescope: students see hidden tests only"
                + " after the due date")
        boolean hiddenAfterDueDate;

        @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
                description = "the language of the feedback files and Gradescope results, en or it: the tests' names"
                        + " and failure reasons too (default: en)")
        String language;

        @Option(names = "--kit", paramLabel = "DIR", defaultValue = ".", description = "the kit's root folder (default: ${DEFAULT-VALUE})")
        Path kit;

        @Override
        public Integer call() throws InterruptedException {
            if (!List.of("en", "it").contains(language)) {
                return fail(new IllegalArgumentException("--lang " + language + ": the kit speaks en or it"));
            }
            if (parallel < 1 || timeLimit < 1) {
                return fail(new IllegalArgumentException("--parallel and --time-limit must be at least 1"));
            }
            try {
                if (runAs != null) {
                    System.setProperty(RunAs.PROPERTY, runAs);
                }
                if (scale != null && scale < 1) {
                    throw new IllegalArgumentException("--scale must be at least 1");
                }
                WeekOptions week = new WeekOptions(regrade, students, !noSimilarity,
                        deadline == null ? null : Deadline.parse(deadline), roster, Gradebook.Format.of(csvFormat), scale,
                        hiddenAfterDueDate);
                new Grader(new Grader.Options(kit, submissions, output, labs, parallel, Duration.ofSeconds(timeLimit),
                        gradescope, offline, !noProgress, keepWork, sandbox, language), System.out).with(week).run();
                return 0;
            } catch (IOException | IllegalArgumentException | IllegalStateException problem) {
                return fail(problem);
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes the student edition of the kit: the labs up to the one chosen, with their starters,"
                    + " public tests and handouts, the grading support, the Maven wrapper and a GitHub Actions grading"
                    + " workflow; no solutions, no hidden tests, no teacher tools. Ready to push as the class template"
                    + " repository. Beside it, one Classroom 50 autograder per lab.",
                    "Prints, for each lab, whose solution its starter holds: release lab N+1 after lab N's deadline."})
    static final class Release implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "where to write the student edition (must not exist, or be empty)")
        Path target;

        @Option(names = {"-u", "--up-to"}, paramLabel = "LAB",
                description = "the last lab released, e.g. lab03 or 3 (default: every lab)")
        String upTo;

        @Option(names = "--classroom50", paramLabel = "DIR",
                description = "where to write the Classroom 50 autograders, one per lab (default: DIR-classroom50)")
        Path classroom50;

        @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
                description = "the edition's language, en or it: an Italian edition opens in Italian (handouts,"
                        + " README, workflow) and gives the score table and failure reasons in Italian (default: en)")
        String language;

        @Option(names = "--kit", paramLabel = "DIR", defaultValue = ".", description = "the kit's root folder (default: ${DEFAULT-VALUE})")
        Path kit;

        @Override
        public Integer call() {
            try {
                if (!List.of("en", "it").contains(language)) {
                    throw new IllegalArgumentException("--lang " + language + ": the kit speaks en or it");
                }
                Path autograders = classroom50 != null ? classroom50
                        : target.toAbsolutePath().normalize().resolveSibling(target.toAbsolutePath().normalize()
                        .getFileName() + "-classroom50");
                StudentRelease.Summary summary = StudentRelease.write(Kit.open(kit), upTo, target, autograders,
                        language);
                System.out.println("Wrote the student edition with " + summary.labs().size() + " lab(s) ("
                        + String.join(", ", summary.labs()) + ") to " + summary.folder());
                System.out.println("Classroom 50 autograders (one per lab, for your classroom50 repository): "
                        + summary.autograders());
                System.out.println("Given code in the starters:");
                summary.givenSolutions().forEach(note -> System.out.println("  " + note));
                System.out.println("Check it: cd " + summary.folder() + " && ./mvnw -q verify -Dgrading.mode=starter");
                return 0;
            } catch (IOException | IllegalArgumentException problem) {
                return fail(problem);
            }
        }
    }

    @Command(name = "gradescope", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes a Gradescope autograder for some labs: zip the folder's files (setup.sh, run_autograder,"
                    + " kit/) and upload the zip. It grades with the kit's own and hidden tests, the student's code"
                    + " running as an unprivileged user."})
    static final class Gradescope implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "where to write the autograder (must not exist, or be empty)")
        Path target;

        @Option(names = {"-l", "--labs"}, split = ",", paramLabel = "LAB", required = true,
                description = "the labs the Gradescope assignment grades, e.g. lab03")
        List<String> labs;

        @Option(names = "--hidden-after-due-date", description = "students see hidden tests only after the due date")
        boolean hiddenAfterDueDate;

        @Option(names = "--kit", paramLabel = "DIR", defaultValue = ".", description = "the kit's root folder (default: ${DEFAULT-VALUE})")
        Path kit;

        @Override
        public Integer call() {
            try {
                Kit opened = Kit.open(kit);
                Path folder = GradescopeAutograder.write(opened, opened.select(labs), target, hiddenAfterDueDate);
                System.out.println("Wrote the Gradescope autograder to " + folder + ". Upload a zip of its files:");
                System.out.println("  cd " + folder + " && zip -qr ../autograder.zip setup.sh run_autograder kit");
                return 0;
            } catch (IOException | IllegalArgumentException problem) {
                return fail(problem);
            }
        }
    }
}

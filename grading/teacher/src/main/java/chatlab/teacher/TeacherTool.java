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
        subcommands = {TeacherTool.Grade.class, TeacherTool.Release.class})
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
                description = "labs graded at the same time (default: the number of cores, ${DEFAULT-VALUE})")
        int parallel = Runtime.getRuntime().availableProcessors();

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

        @Option(names = "--kit", paramLabel = "DIR", defaultValue = ".", description = "the kit's root folder (default: ${DEFAULT-VALUE})")
        Path kit;

        @Override
        public Integer call() throws InterruptedException {
            if (parallel < 1 || timeLimit < 1) {
                return fail(new IllegalArgumentException("--parallel and --time-limit must be at least 1"));
            }
            try {
                new Grader(new Grader.Options(kit, submissions, output, labs, parallel, Duration.ofSeconds(timeLimit),
                        gradescope, offline, !noProgress, keepWork), System.out).run();
                return 0;
            } catch (IOException | IllegalArgumentException | IllegalStateException problem) {
                return fail(problem);
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes the student edition of the kit: the labs up to the one chosen, with their starters,"
                    + " public tests and handouts, the grading support and the Maven wrapper; no solutions, no hidden"
                    + " tests, no teacher tools. Ready to push as the class template repository."})
    static final class Release implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "where to write the student edition (must not exist, or be empty)")
        Path target;

        @Option(names = {"-u", "--up-to"}, paramLabel = "LAB",
                description = "the last lab released, e.g. lab03 or 3 (default: every lab)")
        String upTo;

        @Option(names = "--classroom50", paramLabel = "DIR",
                description = "where to write the Classroom 50 autograders, one per lab (default: DIR-classroom50)")
        Path classroom50;

        @Option(names = "--kit", paramLabel = "DIR", defaultValue = ".", description = "the kit's root folder (default: ${DEFAULT-VALUE})")
        Path kit;

        @Override
        public Integer call() {
            try {
                Path autograders = classroom50 != null ? classroom50
                        : target.toAbsolutePath().normalize().resolveSibling(target.toAbsolutePath().normalize()
                        .getFileName() + "-classroom50");
                StudentRelease.Summary summary = StudentRelease.write(Kit.open(kit), upTo, target, autograders);
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
}

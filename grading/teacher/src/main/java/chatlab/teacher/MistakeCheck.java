package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.grading.TestResult;
import chatlab.teacher.MistakeCatalog.Kind;
import chatlab.teacher.MistakeCatalog.Variant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks the kit's tests against its mistake catalogues (see {@link MistakeCatalog}): every
 * variant is built from the reference solution and its patch, the batch grader grades them all
 * like a class of students, and each result is compared with what the catalogue promises: a
 * mistake loses points in the tests it names, a correct variant scores full marks.
 */
@Command(name = "mistakes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grades every variant of the labs' mistake catalogues (solutions/labNN-x/mistakes/*.patch)"
                + " with the batch grader and checks that each mistake loses points in the tests it names and"
                + " each correct variant scores full marks. Exit status 1 if any does not."})
public final class MistakeCheck implements Callable<Integer> {

    @Option(names = {"-l", "--labs"}, split = ",", paramLabel = "LAB",
            description = "labs to check, e.g. lab01,lab03 or 1,3 (default: every lab with a catalogue)")
    List<String> labs = List.of();

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "only these variants (patch names without .patch)")
    List<String> only = List.of();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "grade every variant N times: a catalogue entry holds only if every run agrees (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = {"-j", "--parallel"}, paramLabel = "N", description = "labs graded at the same time (default: the grader's)")
    Integer parallel;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "mistakes-output",
            description = "where the variants, the grader's outputs and mistakes.md go (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--offline", description = "run the kit's Maven build offline")
    boolean offline;

    @Option(names = "--kit", paramLabel = "DIR", defaultValue = ".", description = "the kit's root folder (default: ${DEFAULT-VALUE})")
    Path kit;

    /** What became of one variant over all runs. */
    record Outcome(Variant variant, int max, List<Integer> points, List<List<String>> missed) {

        boolean holds() {
            if (variant.correct()) {
                return points.stream().allMatch(p -> p == max);
            }
            return points.stream().allMatch(p -> p < max) && missed.stream().allMatch(List::isEmpty);
        }

        String verdict() {
            if (holds()) {
                return variant.correct() ? "full marks" : "caught";
            }
            if (variant.correct()) {
                return "FALSE FAILURE";
            }
            return points.stream().anyMatch(p -> p == max) ? "ESCAPED" : "caught elsewhere";
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            return TeacherTool.fail(new IllegalArgumentException("--runs must be at least 1"));
        }
        Kit theKit = Kit.open(kit);
        List<Variant> variants = new ArrayList<>();
        for (Kit.Lab lab : theKit.select(labs)) {
            for (Variant variant : MistakeCatalog.of(lab)) {
                if (only.isEmpty() || only.contains(variant.id())) {
                    variants.add(variant);
                }
            }
        }
        if (variants.isEmpty()) {
            return TeacherTool.fail(new IllegalArgumentException("no catalogued variant to check"));
        }
        Files.createDirectories(output);
        Map<Variant, List<LabResult>> results = new LinkedHashMap<>();
        variants.forEach(variant -> results.put(variant, new ArrayList<>()));
        List<String> labNames = variants.stream().map(Variant::lab).distinct().toList();
        for (int run = 1; run <= runs; run++) {
            Path submissions = output.resolve("run-" + run).resolve("variants");
            Path grades = output.resolve("run-" + run).resolve("grades");
            Grader.deleteTree(output.resolve("run-" + run));
            for (Variant variant : variants) {
                writeVariant(theKit, variant, submissions.resolve(student(variant)));
            }
            List<String> arguments = new ArrayList<>(List.of("grade", submissions.toString(), "-o", grades.toString(),
                    "-l", String.join(",", labNames), "--kit", kit.toString(), "--no-progress"));
            if (parallel != null) {
                arguments.addAll(List.of("-j", parallel.toString()));
            }
            if (offline) {
                arguments.add("--offline");
            }
            int status = new CommandLine(new TeacherTool()).execute(arguments.toArray(String[]::new));
            if (status != 0) {
                System.err.println("error: the batch grader failed (exit " + status + ")");
                return 2;
            }
            for (Variant variant : variants) {
                results.get(variant).add(LabResult.read(grades.resolve("results").resolve(student(variant))
                        .resolve(variant.lab() + ".json")));
            }
        }
        List<Outcome> outcomes = variants.stream().map(variant -> outcome(variant, results.get(variant))).toList();
        String report = report(outcomes);
        System.out.print(report);
        Files.writeString(output.resolve("mistakes.md"), report, StandardCharsets.UTF_8);
        return outcomes.stream().allMatch(Outcome::holds) ? 0 : 1;
    }

    /** A variant as a student's submission: the solution's src/main with the patch applied. */
    private static void writeVariant(Kit kit, Variant variant, Path submission) throws IOException, InterruptedException {
        Kit.Lab lab = kit.select(List.of(variant.lab())).get(0);
        Path labFolder = submission.resolve(variant.lab());
        copyTree(lab.solution().resolve("src/main"), labFolder.resolve("src/main"));
        Process patch = new ProcessBuilder("patch", "-p1", "-s", "--no-backup-if-mismatch", "-d", labFolder.toString(),
                "-i", variant.patch().toAbsolutePath().toString()).redirectErrorStream(true).start();
        String said = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!patch.waitFor(30, TimeUnit.SECONDS) || patch.exitValue() != 0) {
            patch.destroyForcibly();
            throw new IOException(variant.patch() + " does not apply to the solution of " + variant.lab() + ": " + said.strip());
        }
    }

    private static String student(Variant variant) {
        return variant.lab() + "--" + variant.id();
    }

    private static Outcome outcome(Variant variant, List<LabResult> results) {
        List<Integer> points = new ArrayList<>();
        List<List<String>> missed = new ArrayList<>();
        int max = 0;
        for (LabResult result : results) {
            max = result.maxPoints();
            points.add(result.points());
            List<String> failed = result.tests().stream().filter(t -> t.status() == TestResult.Status.FAILED)
                    .map(TestResult::id).toList();
            missed.add(variant.caughtBy().stream().filter(named -> failed.stream().noneMatch(id -> names(id, named)))
                    .toList());
        }
        return new Outcome(variant, max, points, missed);
    }

    /** Whether a result id ("chatlab.EchoServerTest#echoes") is the test a catalogue names ("EchoServerTest#echoes"). */
    static boolean names(String id, String named) {
        return id.equals(named) || id.endsWith("." + named) || id.endsWith("$" + named);
    }

    static String report(List<Outcome> outcomes) {
        StringBuilder text = new StringBuilder("| lab | variant | kind | points (each run) | verdict | named tests that passed |\n"
                + "|---|---|---|---|---|---|\n");
        for (Outcome outcome : outcomes) {
            Variant variant = outcome.variant();
            List<String> passed = outcome.missed().stream().flatMap(List::stream).distinct().toList();
            text.append("| ").append(variant.lab()).append(" | ").append(variant.id()).append(" | ")
                    .append(variant.kind().name().toLowerCase()).append(" | ")
                    .append(String.join(", ", outcome.points().stream().map(p -> p + "/" + outcome.max()).toList()))
                    .append(" | ").append(outcome.verdict()).append(" | ").append(String.join(", ", passed)).append(" |\n");
        }
        text.append('\n');
        for (String lab : outcomes.stream().map(o -> o.variant().lab()).distinct().toList()) {
            List<Outcome> ofLab = outcomes.stream().filter(o -> o.variant().lab().equals(lab)).toList();
            text.append(String.format("%s: mistakes caught %s [classic %s, subtle %s]; correct variants at full marks %s%n",
                    lab, share(ofLab, null), share(ofLab, Kind.CLASSIC), share(ofLab, Kind.SUBTLE),
                    share(ofLab, Kind.CORRECT)));
        }
        return text.toString();
    }

    /** "held/all (percent)" for one kind, or for every mistake when {@code kind} is null. */
    private static String share(List<Outcome> outcomes, Kind kind) {
        List<Outcome> chosen = outcomes.stream().filter(o -> kind == null ? !o.variant().correct() : o.variant().kind() == kind)
                .toList();
        long held = chosen.stream().filter(o -> kind == null ? o.points().stream().allMatch(p -> p < o.max()) : o.holds())
                .count();
        return chosen.isEmpty() ? "0/0" : held + "/" + chosen.size() + " (" + Math.round(100.0 * held / chosen.size()) + " %)";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

package chatlab.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps a lab's starter code in step with its solution: the starter is generated from the
 * solution, so the two never drift apart.
 *
 * <p>In the solution, the code a student must write stands between two marker comments:
 * <pre>
 *     // region Step 3: echo every line back until the client disconnects
 *     ... the solution's code ...
 *     // endregion
 * </pre>
 * In the starter the region becomes a TODO and a throw that names the handout step:
 * <pre>
 *     // TODO Step 3: echo every line back until the client disconnects
 *     throw new UnsupportedOperationException("TODO Step 3: echo every line back until the client disconnects");
 * </pre>
 * Where a throw does not fit (a field, a method with code after the region), lines starting
 * with {@code //>} inside the region give the starter's code instead. A file whose first line
 * is {@code // solution-only} is left out of the starter. Every other file is copied as is.
 *
 * <p>Usage: {@code StarterSync check|write <solution src/main> <starter src/main>}.
 * {@code check} fails, naming the first difference, when the starter is not what the solution
 * generates; {@code write} regenerates the starter.
 * {@code StarterSync partial K <solution src/main> <target src/main>} writes what a student who
 * has done steps 1 to K has: the regions of those steps keep the solution's code, later ones
 * become their TODO (the proof that a lab's score climbs step by step uses it).
 */
public final class StarterSync {

    static final String REGION = "// region ";
    static final String END_REGION = "// endregion";
    static final String STARTER_LINE = "//>";
    static final String SOLUTION_ONLY = "// solution-only";
    private static final Pattern STEP_NUMBER = Pattern.compile("^Step (\\d+)\\b");

    private StarterSync() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("partial")) {
            int doneUpTo = Integer.parseInt(args[1]);
            Map<Path, String> partial = generate(Path.of(args[2]), doneUpTo);
            write(partial, Path.of(args[3]));
            System.out.println("[starter] wrote steps 1-" + doneUpTo + " done, later steps TODO, to " + args[3]);
            return;
        }
        if (args.length != 3 || !List.of("check", "write").contains(args[0])) {
            throw new IllegalArgumentException("usage: StarterSync check|write <solution src/main> <starter src/main>"
                    + "\n   or: StarterSync partial K <solution src/main> <target src/main>");
        }
        Path solution = Path.of(args[1]);
        Path starter = Path.of(args[2]);
        Map<Path, String> expected = generate(solution);
        if (args[0].equals("write")) {
            write(expected, starter);
            System.out.println("[starter] wrote " + expected.size() + " files to " + starter);
            return;
        }
        List<String> differences = compare(expected, read(starter));
        if (!differences.isEmpty()) {
            throw new ScoreReport.GradingFailure("The starter in " + starter + " is not what the solution in "
                    + solution + " generates:\n  " + String.join("\n  ", differences)
                    + "\nEdit the solution (not the starter), then regenerate the starter with"
                    + " -Dstarter.sync=write (see grading/README.md).");
        }
    }

    /** The starter files the solution tree generates, by path relative to the tree. */
    static Map<Path, String> generate(Path solutionTree) throws IOException {
        return generate(solutionTree, 0);
    }

    /** The files of a student who has done steps 1 to {@code doneUpTo}; 0 gives the starter. */
    static Map<Path, String> generate(Path solutionTree, int doneUpTo) throws IOException {
        Map<Path, String> starter = new TreeMap<>();
        for (Map.Entry<Path, String> file : read(solutionTree).entrySet()) {
            String text = file.getValue();
            if (text.startsWith(SOLUTION_ONLY)) {
                continue;
            }
            boolean javaSource = file.getKey().toString().endsWith(".java");
            starter.put(file.getKey(), javaSource ? starterOf(text, file.getKey().toString(), doneUpTo) : text);
        }
        return starter;
    }

    /** Replaces every marked region of one source file by its TODO. */
    static String starterOf(String solution, String fileName) {
        return starterOf(solution, fileName, 0);
    }

    /**
     * Replaces the marked regions of steps after {@code doneUpTo} by their TODO; the regions of
     * steps up to it keep the solution's code, without the markers and the starter lines.
     */
    static String starterOf(String solution, String fileName, int doneUpTo) {
        StringBuilder starter = new StringBuilder();
        String[] lines = solution.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].trim();
            if (trimmed.startsWith(END_REGION)) {
                throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": '// endregion' without a region");
            }
            if (!trimmed.startsWith(REGION)) {
                starter.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
                continue;
            }
            String indent = lines[i].substring(0, lines[i].indexOf(REGION));
            String task = trimmed.substring(REGION.length()).trim();
            List<String> starterCode = new ArrayList<>();
            List<String> solutionCode = new ArrayList<>();
            int start = i;
            for (i++; i < lines.length && !lines[i].trim().startsWith(END_REGION); i++) {
                if (lines[i].trim().startsWith(REGION)) {
                    throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": a region inside a region");
                }
                if (lines[i].trim().startsWith(STARTER_LINE)) {
                    starterCode.add(indent + lines[i].trim().substring(STARTER_LINE.length()).stripLeading());
                } else {
                    solutionCode.add(lines[i]);
                }
            }
            if (i == lines.length) {
                throw new IllegalArgumentException(fileName + ":" + (start + 1) + ": region without '// endregion'");
            }
            if (stepOf(task, fileName, start) <= doneUpTo) {
                solutionCode.forEach(line -> starter.append(line).append("\n"));
                continue;
            }
            starter.append(indent).append("// TODO ").append(task).append("\n");
            if (starterCode.isEmpty()) {
                starterCode.add(indent + "throw new UnsupportedOperationException(\"TODO " + task.replace("\\", "\\\\").replace("\"", "\\\"") + "\");");
            }
            for (String line : starterCode) {
                starter.append(line).append("\n");
            }
        }
        return starter.toString();
    }

    /** The step number of a region's task, e.g. 3 for "Step 3: echo every line back". */
    static int stepOf(String task, String fileName, int lineIndex) {
        Matcher step = STEP_NUMBER.matcher(task);
        if (!step.find()) {
            throw new IllegalArgumentException(fileName + ":" + (lineIndex + 1)
                    + ": a region must start with 'Step N', e.g. '// region Step 3: echo every line'");
        }
        return Integer.parseInt(step.group(1));
    }

    static List<String> compare(Map<Path, String> expected, Map<Path, String> actual) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<Path, String> file : expected.entrySet()) {
            String found = actual.get(file.getKey());
            if (found == null) {
                differences.add(file.getKey() + ": missing from the starter");
            } else if (!found.equals(file.getValue())) {
                differences.add(file.getKey() + ": " + firstDifference(file.getValue(), found));
            }
        }
        for (Path extra : actual.keySet()) {
            if (!expected.containsKey(extra)) {
                differences.add(extra + ": in the starter but not in the solution");
            }
        }
        return differences;
    }

    private static String firstDifference(String expected, String actual) {
        String[] want = expected.split("\n", -1);
        String[] got = actual.split("\n", -1);
        for (int line = 0; line < Math.max(want.length, got.length); line++) {
            String a = line < want.length ? want[line] : "<end of file>";
            String b = line < got.length ? got[line] : "<end of file>";
            if (!a.equals(b)) {
                return "line " + (line + 1) + " should be '" + a.trim() + "' but is '" + b.trim() + "'";
            }
        }
        return "differs";
    }

    private static Map<Path, String> read(Path tree) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        if (!Files.isDirectory(tree)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.filter(Files::isRegularFile).forEach(path -> files.put(tree.relativize(path), readText(path)));
        }
        return files;
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Map<Path, String> files, Path tree) throws IOException {
        for (Path stale : read(tree).keySet()) {
            if (!files.containsKey(stale)) {
                Files.delete(tree.resolve(stale));
            }
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Path target = tree.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }
}

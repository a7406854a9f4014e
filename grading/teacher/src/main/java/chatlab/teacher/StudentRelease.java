package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the student edition of the kit: the labs up to a chosen one (a course can release a
 * lab a week), their starters, public tests and handouts, the grading support, the Maven wrapper
 * and a GitHub Classroom autograding workflow. Never the solutions, the hidden tests or the
 * teacher tools: after writing, the release is checked for them.
 */
public final class StudentRelease {

    /** What was released. */
    public record Summary(Path folder, List<String> labs) {
    }

    /** Build output, IDE files and run leftovers are never copied. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", ".idea", ".vscode", ".settings",
            ".cifuzz-corpus", "hidden-test");
    private static final Set<String> SKIPPED_FILES = Set.of("chat_log.txt", ".classpath", ".project");
    private static final Pattern MODULES = Pattern.compile("(?s)([ \\t]*)<modules>.*?</modules>");
    /** The kit's lab poms check the starter; the student edition grades the student's code instead. */
    private static final Pattern STARTER_MODE = Pattern.compile(
            "(?m)^[ \\t]*(<grading\\.mode>starter</grading\\.mode>|<!--[^\\n]*starter[^\\n]*-->)[ \\t]*\\R");
    private static final Pattern POINTS = Pattern.compile("@Points\\(\\s*(\\d+)\\s*\\)");

    private StudentRelease() {
    }

    public static Summary write(Kit kit, String upTo, Path target) throws IOException {
        List<Lab> labs = upTo == null || upTo.isBlank() ? kit.labs() : kit.upTo(upTo);
        if (labs.isEmpty()) {
            throw new IllegalArgumentException("the kit in " + kit.root() + " has no lab to release");
        }
        Path folder = target.toAbsolutePath().normalize();
        if (folder.startsWith(kit.root())) {
            throw new IllegalArgumentException("write the release outside the kit (" + kit.root() + "), not in " + folder);
        }
        if (Files.exists(folder) && !isEmptyFolder(folder)) {
            throw new IllegalArgumentException(folder + " already exists and is not empty: choose a new folder");
        }
        Files.createDirectories(folder);
        Path root = kit.root();
        for (String file : List.of("mvnw", "mvnw.cmd", ".gitignore", "PROTOCOL.md")) {
            if (Files.isRegularFile(root.resolve(file))) {
                copyFile(root.resolve(file), folder.resolve(file));
            }
        }
        copyTree(root.resolve(".mvn"), folder.resolve(".mvn"));
        copyTree(root.resolve("grading/support"), folder.resolve("grading/support"));
        for (Lab lab : labs) {
            copyTree(lab.dir(), folder.resolve(lab.name()));
            Path pom = folder.resolve(lab.name()).resolve("pom.xml");
            Files.writeString(pom, studentPom(Files.readString(pom, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        List<String> modules = new ArrayList<>(List.of("grading/support"));
        labs.forEach(lab -> modules.add(lab.name()));
        Files.writeString(folder.resolve("pom.xml"),
                rootPom(Files.readString(kit.rootPom(), StandardCharsets.UTF_8), modules), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("README.md"), StudentFiles.readme(labs), StandardCharsets.UTF_8);
        Path workflow = folder.resolve(".github/workflows/classroom.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, StudentFiles.classroomWorkflow(labs, StudentRelease::points), StandardCharsets.UTF_8);

        List<String> leaks = leaks(folder);
        if (!leaks.isEmpty()) {
            throw new IOException("the release in " + folder + " would give away teacher material; fix the kit:\n  "
                    + String.join("\n  ", leaks));
        }
        return new Summary(folder, labs.stream().map(Lab::name).toList());
    }

    /** The root pom with only the released modules. */
    static String rootPom(String pom, List<String> modules) {
        Matcher block = MODULES.matcher(pom);
        if (!block.find()) {
            throw new IllegalArgumentException("the kit's root pom.xml has no <modules> block");
        }
        String indent = block.group(1);
        String list = modules.stream().map(module -> indent + "  <module>" + module + "</module>")
                .collect(Collectors.joining("\n"));
        return pom.substring(0, block.start()) + indent + "<modules>\n" + list + "\n" + indent + "</modules>"
                + pom.substring(block.end());
    }

    /** A lab's pom in student mode: without the starter check (and the one-line comments about it). */
    static String studentPom(String pom) {
        return STARTER_MODE.matcher(pom).replaceAll("");
    }

    /** Points of a lab's public tests: the sum of the @Points of its test sources. */
    static int points(Lab lab) {
        Path tests = lab.dir().resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(tests)) {
            return files.filter(file -> file.toString().endsWith(".java")).mapToInt(file -> {
                Matcher points = POINTS.matcher(read(file));
                int sum = 0;
                while (points.find()) {
                    sum += Integer.parseInt(points.group(1));
                }
                return sum;
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Teacher material found in a release: solution folders, hidden tests, teacher tools, and in
     * the labs, solution regions or solution-only files.
     */
    public static List<String> leaks(Path release) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(release)) {
            for (Path path : paths.toList()) {
                String relative = release.relativize(path).toString().replace('\\', '/');
                String name = path.getFileName().toString();
                if (Files.isDirectory(path) && (name.equals("solutions") || name.equals("hidden-test")
                        || relative.equals("grading/teacher"))) {
                    found.add(relative + "/: teacher-only folder");
                } else if (name.endsWith(".java") && Kit.LAB_NAME.matcher(relative.split("/")[0]).matches()) {
                    String text = read(path);
                    if (text.contains("// region ") || text.contains("// endregion")) {
                        found.add(relative + ": holds a solution region (// region ... // endregion)");
                    }
                    if (text.startsWith("// solution-only")) {
                        found.add(relative + ": a solution-only file");
                    }
                }
            }
        }
        return found;
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                if (skipped(relative)) {
                    continue;
                }
                Path destination = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    copyFile(path, destination);
                }
            }
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        String name = relative.getFileName() == null ? "" : relative.getFileName().toString();
        return SKIPPED_FILES.contains(name) || name.endsWith(".iml") || name.endsWith(".class");
    }

    private static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

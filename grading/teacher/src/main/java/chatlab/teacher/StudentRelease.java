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
 * lab a week), their starters, public tests and handouts, the grading support, the Maven wrapper,
 * the tools the handouts use, and a GitHub Actions grading workflow; beside it, one Classroom 50
 * autograder per lab. Never the solutions, the hidden tests or the teacher tools: after writing,
 * the release is checked for them.
 */
public final class StudentRelease {

    /**
     * What was released.
     *
     * @param folder        the student edition
     * @param labs          its labs
     * @param autograders   the Classroom 50 autograders, one folder per lab (for the teacher)
     * @param givenSolutions per released lab, whose solution its starter holds as given code
     */
    public record Summary(Path folder, List<String> labs, Path autograders, List<String> givenSolutions) {
    }

    /** Tools a handout may tell students to run: released when a released handout names them. */
    private static final List<String> STUDENT_TOOLS = List.of("tools/load");
    /** A tool's tests may run it against a solution: the edition keeps the tool, not those tests. */
    private static final Pattern SOLUTION_DEPENDENCY = Pattern.compile(
            "(?s)[ \\t]*<dependency>(?:(?!</dependency>).)*?-solution</artifactId>.*?</dependency>[ \\t]*\\R");

    /** Build output, IDE files and run leftovers are never copied. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", ".idea", ".vscode", ".settings",
            ".cifuzz-corpus", "hidden-test");
    private static final Set<String> SKIPPED_FILES = Set.of("chat_log.txt", ".classpath", ".project");
    private static final Pattern MODULES = Pattern.compile("(?s)([ \\t]*)<modules>.*?</modules>");
    /** The kit's lab poms check the starter; the student edition grades the student's code instead. */
    private static final Pattern STARTER_MODE = Pattern.compile(
            "(?m)^[ \\t]*(<grading\\.mode>starter</grading\\.mode>|<!--[^\\n]*starter[^\\n]*-->)[ \\t]*\\R");

    private StudentRelease() {
    }

    /** Writes the edition into {@code target} and the Classroom 50 autograders beside it ({@code target}-classroom50). */
    public static Summary write(Kit kit, String upTo, Path target) throws IOException {
        Path folder = target.toAbsolutePath().normalize();
        return write(kit, upTo, target, folder.resolveSibling(folder.getFileName() + "-classroom50"));
    }

    public static Summary write(Kit kit, String upTo, Path target, Path autograders) throws IOException {
        return write(kit, upTo, target, autograders, "en");
    }

    /**
     * Writes the edition in this language ("en" or "it"): both hold every document in both
     * languages; an Italian edition opens in Italian ({@link EditionLanguage}: the Italian handouts
     * are the README.md files, the README and workflow texts are Italian) and its test runs give
     * the score table and failure reasons in Italian (grading.lang=it in its root pom;
     * -Dgrading.lang=en gives English).
     */
    public static Summary write(Kit kit, String upTo, Path target, Path autograders, String language) throws IOException {
        String edition = EditionLanguage.of(language);
        List<Lab> labs = upTo == null || upTo.isBlank() ? kit.labs() : kit.upTo(upTo);
        if (labs.isEmpty()) {
            throw new IllegalArgumentException("the kit in " + kit.root() + " has no lab to release");
        }
        Path folder = target.toAbsolutePath().normalize();
        if (folder.startsWith(kit.root())) {
            throw new IllegalArgumentException("write the release outside the kit (" + kit.root() + "), not in " + folder);
        }
        Path classroom50 = autograders.toAbsolutePath().normalize();
        for (Path each : List.of(folder, classroom50)) {
            if (each.startsWith(kit.root())) {
                throw new IllegalArgumentException("write the release outside the kit (" + kit.root() + "), not in " + each);
            }
            if (Files.exists(each) && !isEmptyFolder(each)) {
                throw new IllegalArgumentException(each + " already exists and is not empty: choose a new folder");
            }
        }
        Files.createDirectories(folder);
        Path root = kit.root();
        for (String file : List.of("mvnw", "mvnw.cmd", ".gitignore", "PROTOCOL.md", "PROTOCOL.it.md")) {
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
        for (String tool : STUDENT_TOOLS) {
            if (Files.isDirectory(root.resolve(tool)) && mentioned(folder, labs, tool)) {
                copyTree(root.resolve(tool).resolve("src/main"), folder.resolve(tool).resolve("src/main"));
                String pom = Files.readString(root.resolve(tool).resolve("pom.xml"), StandardCharsets.UTF_8);
                Files.writeString(folder.resolve(tool).resolve("pom.xml"), SOLUTION_DEPENDENCY.matcher(pom).replaceAll(""),
                        StandardCharsets.UTF_8);
                modules.add(tool);
            }
        }
        copyPicturesTheHandoutsShow(root, folder, labs);
        Files.writeString(folder.resolve("pom.xml"), inLanguage(rootPom(Files.readString(kit.rootPom(),
                StandardCharsets.UTF_8), modules), edition), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("README.md"), StudentFiles.readme(labs, "en"), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("README.it.md"), StudentFiles.readme(labs, "it"), StandardCharsets.UTF_8);
        if (edition.equals("it")) {
            EditionLanguage.putItalianFirst(folder);
        }
        Path workflow = folder.resolve(ClassroomFiles.WORKFLOW_IN_EDITION);
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, ClassroomFiles.workflow(labs, edition), StandardCharsets.UTF_8);
        Path script = folder.resolve(ClassroomFiles.SCRIPT_IN_EDITION);
        Files.createDirectories(script.getParent());
        Files.writeString(script, ClassroomFiles.script(), StandardCharsets.UTF_8);
        Files.createDirectories(classroom50);
        ClassroomFiles.writeClassroom50(folder, labs, classroom50);

        List<String> leaks = leaks(folder);
        if (!leaks.isEmpty()) {
            throw new IOException("the release in " + folder + " would give away teacher material; fix the kit:\n  "
                    + String.join("\n  ", leaks));
        }
        return new Summary(folder, labs.stream().map(Lab::name).toList(), classroom50, givenSolutions(kit, labs));
    }

    /** Whether a released handout names a tool (then the tool must be in the edition). */
    /** A screenshot or transcript under docs/ that a released handout or PROTOCOL.md names. */
    private static final Pattern DOCS_PICTURE = Pattern.compile("docs/([\\w.-]+\\.(?:png|txt))");

    /** Copies the docs/ screenshots and transcripts that the released handouts and PROTOCOL.md name. */
    private static void copyPicturesTheHandoutsShow(Path kitRoot, Path edition, List<Lab> labs) throws IOException {
        List<Path> texts = new ArrayList<>(List.of(edition.resolve("PROTOCOL.md"), edition.resolve("PROTOCOL.it.md")));
        labs.forEach(lab -> texts.add(edition.resolve(lab.name()).resolve("README.md")));
        labs.forEach(lab -> texts.add(edition.resolve(lab.name()).resolve("README.it.md")));
        for (Path text : texts) {
            if (!Files.isRegularFile(text)) {
                continue;
            }
            Matcher picture = DOCS_PICTURE.matcher(Files.readString(text, StandardCharsets.UTF_8));
            while (picture.find()) {
                Path from = kitRoot.resolve("docs").resolve(picture.group(1));
                if (Files.isRegularFile(from)) {
                    copyFile(from, edition.resolve("docs").resolve(picture.group(1)));
                }
            }
        }
    }

    private static boolean mentioned(Path edition, List<Lab> labs, String tool) throws IOException {
        for (Lab lab : labs) {
            Path handout = edition.resolve(lab.name()).resolve("README.md");
            if (Files.isRegularFile(handout) && Files.readString(handout, StandardCharsets.UTF_8).contains(tool)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For each released lab, whose solution its starter holds as given code: lab N+1's starter
     * completes what lab N asked for, so releasing it gives lab N's answers away. Measured on the
     * code: the lines lab N's solution writes in its regions that appear in lab N+1's starter.
     */
    static List<String> givenSolutions(Kit kit, List<Lab> released) throws IOException {
        List<String> notes = new ArrayList<>();
        List<Lab> all = kit.labs();
        for (Lab lab : released) {
            int index = all.indexOf(lab);
            if (index == 0 || all.get(index - 1).solution() == null) {
                notes.add(lab.name() + ": its starter holds no earlier lab's solution");
                continue;
            }
            Lab previous = all.get(index - 1);
            List<String> answers = regionLines(previous.solution().resolve("src/main/java"));
            Set<String> starter = new java.util.HashSet<>(codeLines(lab.dir().resolve("src/main/java")));
            long given = answers.stream().filter(starter::contains).count();
            notes.add(lab.name() + ": its starter holds " + previous.name() + "'s solution (" + given + " of the "
                    + answers.size() + " lines " + previous.name() + " asks students to write): release it after "
                    + previous.name() + "'s deadline");
        }
        return notes;
    }

    /** The code lines a solution writes inside its regions (what students of that lab write). */
    private static List<String> regionLines(Path sources) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : javaFiles(sources)) {
            boolean inside = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("// region ")) {
                    inside = true;
                } else if (trimmed.startsWith("// endregion")) {
                    inside = false;
                } else if (inside && trimmed.length() >= 12 && !trimmed.startsWith("//")) {
                    lines.add(trimmed);
                }
            }
        }
        return lines;
    }

    private static List<String> codeLines(Path sources) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : javaFiles(sources)) {
            Files.readAllLines(file, StandardCharsets.UTF_8).forEach(line -> lines.add(line.trim()));
        }
        return lines;
    }

    private static List<Path> javaFiles(Path sources) throws IOException {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
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

    /** The kit's default language of the tests' feedback: the student's ({@code ${user.language}}). */
    private static final Pattern FEEDBACK_LANGUAGE = Pattern.compile("<grading\\.lang>[^<]*</grading\\.lang>");

    /** The root pom of an edition in this language: an Italian one gives Italian feedback by default. */
    static String inLanguage(String pom, String language) {
        if (!language.equals("it")) {
            return pom;
        }
        Matcher property = FEEDBACK_LANGUAGE.matcher(pom);
        if (!property.find()) {
            throw new IllegalArgumentException("the kit's root pom.xml has no <grading.lang> property");
        }
        return property.replaceFirst("<grading.lang>it</grading.lang>");
    }

    /** A lab's pom in student mode: without the starter check (and the one-line comments about it). */
    static String studentPom(String pom) {
        return STARTER_MODE.matcher(pom).replaceAll("");
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

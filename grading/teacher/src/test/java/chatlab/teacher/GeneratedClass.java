package chatlab.teacher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a class of generated lab01 submissions: copies of the reference solution, some with a
 * typical mistake put in by a text edit. Every edit must apply, so a change of the solution
 * that breaks a mistake shows up here rather than as a silently correct submission.
 */
final class GeneratedClass {

    static final String LAB = "lab01-sockets";
    static final String SERVER = "chatlab/EchoServer.java";

    /** A student's mistake: a change of one source file of the lab. */
    record Mistake(String file, UnaryOperator<String> edit) {
    }

    private final Path kit;
    private final Path folder;

    GeneratedClass(Path kit, Path folder) {
        this.kit = kit;
        this.folder = folder;
    }

    /** close() makes serve() throw instead of returning quietly: exactly one test fails. */
    static Mistake throwsAfterClose() {
        return new Mistake(SERVER, text -> replace(text,
                "return; // close() was called", "throw closed; // close() was called"));
    }

    static Mistake missingSemicolon() {
        return new Mistake(SERVER, text -> replace(text,
                "return serverSocket.getLocalPort();", "return serverSocket.getLocalPort()"));
    }

    /** serve() spins in a loop that never ends, before accepting anyone. */
    static Mistake loopsForever() {
        return new Mistake(SERVER, text -> replace(text,
                "public void serve() throws IOException {",
                "public void serve() throws IOException {\n        while (port() > 0) {\n        }"));
    }

    static Mistake exits() {
        return new Mistake(SERVER, text -> replace(text,
                "public void serve() throws IOException {",
                "public void serve() throws IOException {\n        System.exit(3);"));
    }

    /** A debugging thread that prints without end, beside otherwise correct code. */
    static Mistake printsForever() {
        return new Mistake(SERVER, text -> replace(text,
                "public class EchoServer implements Closeable {",
                "public class EchoServer implements Closeable {\n    static {\n"
                        + "        Thread debug = new Thread(() -> { while (true) { System.out.println(\"debug \".repeat(100)); } });\n"
                        + "        debug.setDaemon(true);\n        debug.start();\n    }"));
    }

    /** Writes a student's copy of the kit (only the lab folder matters) with these mistakes. */
    Path write(String student, Mistake... mistakes) throws IOException {
        Path lab = folder.resolve(student).resolve(LAB);
        copy(kit.resolve("solutions").resolve(LAB).resolve("src/main/java"), lab.resolve("src/main/java"));
        for (Mistake mistake : mistakes) {
            Path file = lab.resolve("src/main/java").resolve(mistake.file());
            Files.writeString(file, mistake.edit().apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        return folder.resolve(student);
    }

    /** Turns a written submission into a zip of a folder, as a student would upload it. */
    Path zip(Path submission) throws IOException {
        Path zip = folder.resolve(submission.getFileName() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(submission)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry("chat-lab-kit/" + submission.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        deleteTree(submission);
        return zip;
    }

    /** A test file in the student's copy: the grader must ignore it. */
    void addOwnTest(Path submission, String className, String body) throws IOException {
        Path test = submission.resolve(LAB).resolve("src/test/java/chatlab").resolve(className + ".java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, body, StandardCharsets.UTF_8);
    }

    static String replace(String text, String target, String replacement) {
        if (!text.contains(target)) {
            throw new IllegalStateException("the solution no longer contains '" + target + "': update GeneratedClass");
        }
        return text.replace(target, replacement);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static void deleteTree(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package chatlab.teacher;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles a student's sources in the grader's own JVM with the JDK's compiler: much faster
 * than a build per student, and safe, since compiling runs none of the student's code
 * (annotation processing is off).
 */
public final class StudentCompiler {

    /** How many compiler errors a feedback file shows: the first ones are the ones that matter. */
    static final int ERRORS_SHOWN = 5;

    private final JavaCompiler compiler;
    private final String release;

    public StudentCompiler(String release) {
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("the grader needs a JDK, not only a Java runtime: "
                    + System.getProperty("java.home") + " has no compiler");
        }
        this.release = release;
    }

    /** Empty when the sources compiled into {@code classes}; otherwise the first errors, in plain text. */
    public List<String> compile(Path sources, List<Path> classpath, Path classes) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.getFileName().toString().equals("module-info.java"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            return List.of("no .java file in " + sources.getFileName() + "/");
        }
        Files.createDirectories(classes);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                    "-encoding", "UTF-8", "-Xlint:none", "-Xmaxerrs", String.valueOf(ERRORS_SHOWN)));
            if (release != null) {
                options.addAll(List.of("--release", release));
            }
            options.addAll(List.of("-classpath",
                    classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
            StringWriter otherOutput = new StringWriter();
            boolean compiled = compiler.getTask(otherOutput, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (compiled) {
                return List.of();
            }
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> each : diagnostics.getDiagnostics()) {
                if (each.getKind() == Diagnostic.Kind.ERROR && errors.size() < ERRORS_SHOWN) {
                    errors.add(describe(each, sources));
                }
            }
            if (errors.isEmpty()) {
                errors.add(otherOutput.toString().trim());
            }
            return errors;
        }
    }

    /** "chatlab/EchoServer.java:42: ';' expected" followed by the offending line. */
    private static String describe(Diagnostic<? extends JavaFileObject> error, Path sources) {
        String where = "";
        if (error.getSource() != null) {
            Path file = Path.of(error.getSource().toUri());
            where = sources.relativize(file).toString().replace(File.separatorChar, '/') + ":" + error.getLineNumber() + ": ";
        }
        String message = error.getMessage(Locale.ROOT);
        String line = sourceLine(error);
        return where + message + (line.isEmpty() ? "" : "\n    " + line);
    }

    private static String sourceLine(Diagnostic<? extends JavaFileObject> error) {
        if (error.getSource() == null || error.getLineNumber() < 1) {
            return "";
        }
        try {
            List<String> lines = error.getSource().getCharContent(true).toString().lines().toList();
            return error.getLineNumber() <= lines.size() ? lines.get((int) error.getLineNumber() - 1).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }
}

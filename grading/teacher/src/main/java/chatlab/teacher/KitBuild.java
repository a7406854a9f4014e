package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one Maven build of a grading session: it compiles the kit's tests of the chosen labs (the
 * lab's public tests plus the teacher's hidden tests, as the solution module's build does) and
 * writes each lab's test classpath. Every submission is then graded against these, without
 * Maven.
 */
public final class KitBuild {

    /** Where, inside a grading module's target folder, the build writes the test classpath. */
    static final String CLASSPATH_FILE = "target/grading-kit/test-classpath.txt";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(15);

    /**
     * What grading one lab needs.
     *
     * @param lab              the lab
     * @param testClasses      the kit's compiled tests (public and hidden) with their resources
     * @param classpath        the test libraries and the grading support, in the build's order
     * @param referenceClasses the compiled reference solution (or starter, for a lab without one)
     */
    public record LabSuite(Lab lab, Path testClasses, List<Path> classpath, Path referenceClasses) {
    }

    private KitBuild() {
    }

    /**
     * Builds, then copies what grading needs from the kit's target folders into {@code snapshot}:
     * a build of the kit during the grading session (a teacher's, an IDE's) cannot change it.
     */
    public static Map<Lab, LabSuite> build(Kit kit, List<Lab> labs, boolean offline, Path log, Path snapshot)
            throws IOException, InterruptedException {
        List<String> modules = new ArrayList<>();
        modules.add("grading/support");
        for (Lab lab : labs) {
            modules.add(kit.root().relativize(lab.gradingModule()).toString().replace(File.separatorChar, '/'));
        }
        List<String> command = new ArrayList<>(List.of(mavenWrapper(kit), "-B", "-f", kit.rootPom().toString(),
                "-pl", String.join(",", modules), "test-compile", "dependency:build-classpath",
                "-Dmdep.outputFile=" + CLASSPATH_FILE, "-Dmdep.includeScope=test",
                "-Dstarter.sync.skip=true"));
        if (offline) {
            command.add("-o");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process maven = new ProcessBuilder(command).directory(kit.root().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        maven.getOutputStream().close();
        if (!maven.waitFor(BUILD_LIMIT.toMinutes(), java.util.concurrent.TimeUnit.MINUTES)) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            throw new IOException("the kit's build took longer than " + BUILD_LIMIT.toMinutes() + " minutes; see " + log);
        }
        if (maven.exitValue() != 0) {
            throw new IOException("the kit's build failed (" + String.join(" ", command) + "):\n"
                    + tail(log, 25) + "\nFull log: " + log);
        }
        Map<Lab, LabSuite> suites = new LinkedHashMap<>();
        Map<Path, Path> copies = new LinkedHashMap<>();
        for (Lab lab : labs) {
            Path module = lab.gradingModule();
            Path classpathFile = module.resolve(CLASSPATH_FILE);
            List<Path> classpath = new ArrayList<>();
            for (String entry : Files.readString(classpathFile, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    Path path = Path.of(entry);
                    // Folders are the kit's own classes (grading/support): copy them; jars stay in the Maven repository.
                    classpath.add(Files.isDirectory(path) ? copies.computeIfAbsent(path,
                            folder -> snapshot.resolve("classpath-" + copies.size())) : path);
                }
            }
            Path labSnapshot = snapshot.resolve(lab.name());
            copies.put(module.resolve("target/test-classes"), labSnapshot.resolve("test-classes"));
            copies.put(module.resolve("target/classes"), labSnapshot.resolve("reference-classes"));
            suites.put(lab, new LabSuite(lab, labSnapshot.resolve("test-classes"), List.copyOf(classpath),
                    labSnapshot.resolve("reference-classes")));
        }
        for (Map.Entry<Path, Path> copy : copies.entrySet()) {
            copyTree(copy.getKey(), copy.getValue());
        }
        return suites;
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String mavenWrapper(Kit kit) {
        boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
        return kit.root().resolve(windows ? "mvnw.cmd" : "mvnw").toString();
    }

    private static String tail(Path file, int lines) throws IOException {
        List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}

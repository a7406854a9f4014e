package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * @param lab         the lab
     * @param testClasses the kit's compiled tests (public and hidden) with their resources
     * @param classpath   the test libraries and the grading support, in the build's order
     */
    public record LabSuite(Lab lab, Path testClasses, List<Path> classpath) {
    }

    private KitBuild() {
    }

    public static Map<Lab, LabSuite> build(Kit kit, List<Lab> labs, boolean offline, Path log)
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
        for (Lab lab : labs) {
            Path module = lab.gradingModule();
            Path classpathFile = module.resolve(CLASSPATH_FILE);
            List<Path> classpath = new ArrayList<>();
            for (String entry : Files.readString(classpathFile, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    classpath.add(Path.of(entry));
                }
            }
            suites.put(lab, new LabSuite(lab, module.resolve("target/test-classes"), List.copyOf(classpath)));
        }
        return suites;
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

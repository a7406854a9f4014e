package chatlab.teacher;

import chatlab.grading.TestResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static chatlab.teacher.GeneratedClass.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A class with two innocent students and one hostile one, whose lab01 code attacks the grader
 * from its static initialiser: it reads the kit's secrets (hidden test, reference solution),
 * sabotages (another submission, the session's snapshot, the kit's solution, ~/.m2), leaves
 * processes behind (a child, a setsid shell with a clean environment that waits for
 * report.html to rewrite gradebook.csv), and forges its result (result.json with every test
 * passed and huge points, then Runtime.halt). Graded without a sandbox and in bubblewrap.
 *
 * <p>The grader works on a copy of the kit, so the attacks that succeed without a sandbox harm
 * nothing real; the one file they may write in ~/.m2 is removed at the end.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class HostileStudentIT {

    static final Path REAL_KIT = Path.of("../..").toAbsolutePath().normalize();
    static final Path M2_CHATLAB = Path.of(System.getProperty("user.home"), ".m2", "repository", "chatlab");

    @TempDir
    static Path temp;
    static Path kit;
    static ClassGrades innocentOnly;

    @BeforeAll
    static void copyTheKitAndGradeTheInnocentAlone() throws Exception {
        kit = Files.createDirectories(temp.resolve("kit"));
        Process files = new ProcessBuilder("git", "-C", REAL_KIT.toString(), "ls-files", "-z").start();
        String listed = new String(files.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(files.waitFor()).isZero();
        for (String file : listed.split("\0")) {
            Path from = REAL_KIT.resolve(file);
            if (!file.isEmpty() && Files.isRegularFile(from)) {
                Path to = kit.resolve(file);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path submissions = innocentClass(temp.resolve("innocent"));
        innocentOnly = grade(submissions, temp.resolve("innocent-out"), "none");
    }

    @Test
    void withoutASandboxTheHostileGainsNothingAndHarmsNoGrade() throws Exception {
        attackAndCheck("none");
    }

    @Test
    void inBubblewrapTheAttacksDoNotEvenReachTheirTargets() throws Exception {
        assumeTrue(bubblewrapWorks(), "bwrap is not installed or cannot create namespaces here");
        attackAndCheck("bwrap");
    }

    private void attackAndCheck(String sandbox) throws Exception {
        Path submissions = innocentClass(temp.resolve(sandbox + "-class"));
        Path output = temp.resolve(sandbox + "-out");
        String marker = "hostile-" + UUID.randomUUID();
        Path m2Planted = M2_CHATLAB.resolve(marker + ".txt");
        writeHostile(submissions, output, marker, m2Planted);
        Map<String, String> kitBefore = hashes(kit, "target");
        Map<String, String> othersBefore = hashes(submissions.resolve("correct"), null);
        Map<String, String> m2Before = hashes(M2_CHATLAB, null);
        try {
            ClassGrades grades = grade(submissions, output, sandbox);

            for (String innocent : List.of("correct", "partly")) {
                assertThat(outcomes(grades.grade(innocent, LAB))).as(innocent + " graded as without the hostile student")
                        .isEqualTo(outcomes(innocentOnly.grade(innocent, LAB)));
            }
            LabGrade hostile = grades.grade("hostile", LAB);
            assertThat(hostile.verdict()).isEqualTo(Verdict.TAMPERED);
            assertThat(hostile.points()).isZero();
            assertThat(hostile.detail()).contains("result.json");
            assertThat(hostile.flags()).anyMatch(flag -> flag.contains("Runtime.halt"))
                    .anyMatch(flag -> flag.contains("creates a ProcessBuilder"))
                    .anyMatch(flag -> flag.contains("grading.result"));
            String html = Files.readString(output.resolve("report.html"), StandardCharsets.UTF_8);
            assertThat(html).contains("Flagged for review").contains("result tampered").contains("Runtime.halt");
            assertThat(Files.readString(output.resolve("feedback/hostile.md"), StandardCharsets.UTF_8))
                    .contains("Flagged for your teacher");

            // The setsid shell would rewrite gradebook.csv once report.html exists: give it time to try.
            Thread.sleep(3_000);
            assertThat(processesWith(marker)).as("processes the hostile run left behind").isEmpty();
            assertThat(Files.readString(output.resolve("gradebook.csv"), StandardCharsets.UTF_8))
                    .doesNotContain("999").contains("hostile,0,0");

            if (sandbox.equals("none")) {
                // Without a sandbox the attacks reach their targets: the grades above held anyway.
                assertThat(hostile.output()).contains("DONE: append to another submission")
                        .contains("DONE: a setsid shell with a clean environment").contains("DONE: forge the result")
                        .contains("DELETED");
                assertThat(hashes(submissions.resolve("correct"), null)).isNotEqualTo(othersBefore);
            } else {
                assertThat(hashes(kit, "target")).as("the kit's files").isEqualTo(kitBefore);
                assertThat(hashes(submissions.resolve("correct"), null)).as("another submission").isEqualTo(othersBefore);
                assertThat(hashes(M2_CHATLAB, null)).as("~/.m2/repository/chatlab").isEqualTo(m2Before);
                String hidden = Files.readString(kit.resolve("solutions/" + LAB
                        + "/src/hidden-test/java/chatlab/EchoServerHiddenTest.java"), StandardCharsets.UTF_8);
                assertThat(hostile.output()).as("what the hostile code printed")
                        .doesNotContain(hidden.lines().filter(line -> line.contains("@DisplayName")).findFirst().orElseThrow())
                        .contains("SECRET-READ-FAILED");
            }
        } finally {
            Files.deleteIfExists(m2Planted);
        }
    }

    /** Two innocent students: the reference solution, and one planted bug (one test fails). */
    static Path innocentClass(Path folder) throws IOException {
        GeneratedClass generated = new GeneratedClass(kit, Files.createDirectories(folder));
        generated.write("correct");
        generated.write("partly", GeneratedClass.throwsAfterClose());
        return folder;
    }

    static ClassGrades grade(Path submissions, Path output, String sandbox) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ClassGrades grades = new Grader(new Grader.Options(kit, submissions, output, List.of("lab01"), 2,
                Duration.ofSeconds(60), false, true, false, false, sandbox),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("WARNING").contains("Sandbox: " + sandbox);
        return grades;
    }

    /** The hostile student: the reference solution, plus an attack in EchoServer's static initialiser. */
    static void writeHostile(Path submissions, Path output, String marker, Path m2Planted) throws IOException {
        GeneratedClass generated = new GeneratedClass(kit, submissions);
        generated.write("hostile", new GeneratedClass.Mistake(GeneratedClass.SERVER, text -> GeneratedClass.replace(text,
                "public class EchoServer implements Closeable {",
                "public class EchoServer implements Closeable {\n    static {\n        Attack.run();\n    }")));
        String attack = Files.readString(Path.of("src/test/resources/hostile/Attack.java.txt"), StandardCharsets.UTF_8)
                .replace("%KIT%", kit.toString()).replace("%SUBMISSIONS%", submissions.toString())
                .replace("%OUTPUT%", output.toString()).replace("%MARKER%", marker)
                .replace("%M2FILE%", m2Planted.toString());
        Files.writeString(submissions.resolve("hostile").resolve(LAB).resolve("src/main/java/chatlab/Attack.java"),
                attack, StandardCharsets.UTF_8);
    }

    /** Per test: its status, so two gradings compare test by test. */
    static Map<String, String> outcomes(LabGrade grade) {
        Map<String, String> outcomes = new TreeMap<>();
        for (TestResult test : grade.tests()) {
            outcomes.put(test.id(), test.status() + " " + test.points());
        }
        outcomes.put("(verdict)", grade.verdict().label());
        return outcomes;
    }

    /** Processes whose command line carries the marker, found in /proc as a teacher would look. */
    static List<String> processesWith(String marker) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .flatMap(path -> {
                        try {
                            String command = new String(Files.readAllBytes(path.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .replace('\0', ' ');
                            return command.contains(marker) ? Stream.of(path.getFileName() + ": " + command) : Stream.empty();
                        } catch (IOException gone) {
                            return Stream.empty();
                        }
                    }).toList();
        }
    }

    /** Relative path to SHA-256 of every file under the folder, skipping folders with the given name. */
    static Map<String, String> hashes(Path folder, String skipped) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return hashes;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = folder.relativize(file);
                boolean skip = skipped != null && java.util.stream.StreamSupport.stream(relative.spliterator(), false)
                        .anyMatch(part -> part.toString().equals(skipped));
                if (!skip) {
                    hashes.put(relative.toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                }
            }
        }
        return hashes;
    }

    static boolean bubblewrapWorks() {
        try {
            Process probe = new ProcessBuilder("bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/",
                    "--proc", "/proc", "--dev", "/dev", "--", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(15, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

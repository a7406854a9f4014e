package chatlab.teacher;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static chatlab.teacher.GeneratedClass.LAB;
import static org.assertj.core.api.Assertions.assertThat;

/** The student edition: what it holds, what it must never hold, and that it builds on its own. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StudentReleaseIT {

    static final Path KIT = GradingIT.KIT;

    @TempDir
    static Path temp;
    static Path release;

    @BeforeAll
    static void releaseLab01() throws IOException {
        release = StudentRelease.write(Kit.open(KIT), "lab01", temp.resolve("class-template")).folder();
    }

    @Test
    void holdsTheReleasedLabsAndTheirTooling() {
        for (String path : List.of("pom.xml", "mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties", "README.md",
                ".github/workflows/grade.yml", ".github/scripts/grade.py", "grading/support/pom.xml", LAB + "/pom.xml",
                LAB + "/src/main/java/chatlab/EchoServer.java", LAB + "/src/test/java/chatlab/EchoServerTest.java")) {
            assertThat(release.resolve(path)).as(path).exists();
        }
        assertThat(Files.isExecutable(release.resolve("mvnw"))).as("mvnw is executable").isTrue();
    }

    @Test
    void listsOnlyTheReleasedModulesAndGradesInStudentMode() throws IOException {
        String pom = Files.readString(release.resolve("pom.xml"), StandardCharsets.UTF_8);
        assertThat(pom).contains("<module>grading/support</module>\n    <module>" + LAB + "</module>\n  </modules>")
                .doesNotContain("solutions/").doesNotContain("grading/teacher</module>").doesNotContain("lab02");
        String labPom = Files.readString(release.resolve(LAB + "/pom.xml"), StandardCharsets.UTF_8);
        assertThat(labPom).doesNotContain("<grading.mode>starter</grading.mode>").contains("<grading.skip>false</grading.skip>");
        String workflow = Files.readString(release.resolve(".github/workflows/grade.yml"), StandardCharsets.UTF_8);
        assertThat(workflow).contains("run: python3 .github/scripts/grade.py " + LAB + "\n")
                .contains("actions/upload-artifact@v4").contains("*/target/grading/result.json")
                .doesNotContain("classroom-resources/");
    }

    @Test
    void holdsThePicturesTheHandoutsShow() throws IOException {
        // lab06's handout and PROTOCOL.md show screenshots and an nc transcript from docs/.
        Path full = StudentRelease.write(Kit.open(KIT), "lab06", temp.resolve("up-to-lab06")).folder();
        for (String picture : List.of("docs/wrap-attempt-client.png", "docs/lookalike-refused-client.png",
                "docs/wrap-attempt-nc.txt")) {
            assertThat(full.resolve(picture)).as(picture).exists();
        }
        assertThat(full.resolve("docs/BENCHMARKS.md")).as("only what a handout shows").doesNotExist();
    }

    @Test
    void holdsTheLoadToolWhenAHandoutUsesIt() throws IOException {
        // lab04's handout runs tools/load: a release up to lab04 has it, without the tests that need a solution.
        Path upToLab04 = StudentRelease.write(Kit.open(KIT), "lab04", temp.resolve("up-to-lab04")).folder();
        assertThat(upToLab04.resolve("tools/load/src/main/java/chatlab/load/LoadCommand.java")).exists();
        assertThat(upToLab04.resolve("tools/load/src/test")).doesNotExist();
        assertThat(Files.readString(upToLab04.resolve("tools/load/pom.xml"))).doesNotContain("-solution");
        assertThat(Files.readString(upToLab04.resolve("pom.xml"))).contains("<module>tools/load</module>");
        assertThat(release.resolve("tools")).as("lab01's handout needs no tool").doesNotExist();
        assertThat(StudentRelease.leaks(upToLab04)).isEmpty();
        assertThat(StudentRelease.givenSolutions(Kit.open(KIT), Kit.open(KIT).upTo("lab04"))).hasSize(4)
                .anySatisfy(note -> assertThat(note).startsWith("lab04-broadcast: its starter holds lab03-multithread's solution"));
    }

    @Test
    void holdsNoTeacherMaterial() throws IOException {
        assertThat(StudentRelease.leaks(release)).isEmpty();
        assertThat(release.resolve("solutions")).doesNotExist();
        assertThat(release.resolve("grading/teacher")).doesNotExist();
        try (Stream<Path> paths = Files.walk(release)) {
            assertThat(paths.map(path -> release.relativize(path).toString()))
                    .noneMatch(path -> path.contains("hidden-test") || path.contains("HiddenTest"))
                    .noneMatch(path -> path.contains("target"));
        }
        List<String> solutionLines = regionBodies(KIT.resolve("solutions").resolve(LAB).resolve("src/main/java"));
        assertThat(solutionLines).as("lines of lab01's solution regions").isNotEmpty();
        try (Stream<Path> files = Files.walk(release)) {
            // The starters' code: tests and the test kit may well hold lines like a solution's.
            for (Path file : files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> release.relativize(path).startsWith(Path.of(LAB, "src", "main", "java"))).toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim).toList();
                assertThat(lines).as("solution code in " + release.relativize(file)).doesNotContainAnyElementsOf(solutionLines);
            }
        }
    }

    @Test
    void buildsOnItsOwnAndPassesWithCorrectCode() throws Exception {
        // The starter proof of the kit, run in the release alone: everything compiles, every graded test fails.
        assertThat(maven("verify", "-Dgrading.mode=starter")).as("the release's own build with the starter").isZero();
        // The workflow's build of lab01, in student mode, on correct code.
        GeneratedClass.deleteTree(release.resolve(LAB).resolve("src/main/java"));
        GeneratedClass.copy(KIT.resolve("solutions").resolve(LAB).resolve("src/main/java"),
                release.resolve(LAB).resolve("src/main/java"));
        assertThat(maven("-pl", LAB, "-am", "test")).as("the lab's build on correct code").isZero();
    }

    @Test
    void anItalianEditionOpensAndGradesInItalian() throws Exception {
        Path italian = StudentRelease.write(Kit.open(KIT), "lab01", temp.resolve("edizione"),
                temp.resolve("edizione-classroom50"), "it").folder();
        assertThat(Files.readString(italian.resolve("README.md"), StandardCharsets.UTF_8))
                .startsWith("*[English](README.en.md)*").contains("Passo dopo passo", "// TODO Step N");
        assertThat(Files.readString(italian.resolve("README.en.md"), StandardCharsets.UTF_8))
                .startsWith("*[Italiano](README.md)*").contains("Step by step");
        assertThat(Files.readString(italian.resolve(".github/workflows/grade.yml"), StandardCharsets.UTF_8))
                .contains("name: Valutazione", "- name: Valuta\n", "run: python3 .github/scripts/grade.py " + LAB + "\n");
        assertThat(Files.readString(italian.resolve("pom.xml"), StandardCharsets.UTF_8))
                .contains("<grading.lang>it</grading.lang>");
        if (Files.isRegularFile(KIT.resolve(LAB).resolve("README.it.md"))) {
            // The Italian handout is the lab's README; the English one is beside it, each linking the other.
            assertThat(Files.readString(italian.resolve(LAB).resolve("README.md"), StandardCharsets.UTF_8))
                    .startsWith("*[English](README.en.md)*");
            assertThat(italian.resolve(LAB).resolve("README.en.md")).exists();
        }
        assertThat(StudentRelease.leaks(italian)).isEmpty();
        // The test JVM speaks Italian by default: the starter's score table and result.json are Italian.
        assertThat(maven(italian, "-pl", LAB, "-am", "test")).as("the Italian edition's build of the starter").isZero();
        String result = Files.readString(italian.resolve(LAB).resolve("target/grading/result.json"), StandardCharsets.UTF_8);
        assertThat(result).contains("\"language\": \"it\"", "\"name\": \"rimanda indietro una riga\"",
                "\"englishName\": \"echoes one line back\"", "non ancora scritto: TODO Step");
    }

    /** Runs the release's own Maven wrapper, offline against the local repository. */
    private static int maven(String... arguments) throws Exception {
        return maven(release, arguments);
    }

    /** Runs an edition's own Maven wrapper, offline against the local repository. */
    private static int maven(Path edition, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(edition.resolve("mvnw").toString(), "-B", "-q", "-o"));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(temp, "maven", ".log");
        Process maven = new ProcessBuilder(command).directory(edition.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!maven.waitFor(3, TimeUnit.MINUTES)) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            throw new AssertionError("the release's build took more than 3 minutes: " + command);
        }
        if (maven.exitValue() != 0) {
            System.err.println(Files.readString(log, StandardCharsets.UTF_8));
        }
        return maven.exitValue();
    }

    /** The code lines inside the solution's regions: what a student must write, so never in a release. */
    static List<String> regionBodies(Path solution) throws IOException {
        List<String> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.walk(solution)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                boolean inside = false;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String trimmed = line.trim();
                    if (trimmed.startsWith("// region ")) {
                        inside = true;
                    } else if (trimmed.startsWith("// endregion")) {
                        inside = false;
                    } else if (inside && trimmed.length() >= 20 && !trimmed.startsWith("//")) {
                        bodies.add(trimmed);
                    }
                }
            }
        }
        return bodies;
    }
}

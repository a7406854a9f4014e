package chatlab.grading;

import chatlab.grading.TestResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab gets the same verdict wherever it is run: from the kit's root ({@code ./mvnw test}), from
 * the lab's folder ({@code cd lab01-sockets && ../mvnw test}) and in a plain JUnit launch (what
 * an IDE does: no build settings, the JVM's own default charset). Checked on lab01, in a student
 * copy of the kit in a temporary folder, with the solution's code and with a client that forgets
 * the charset (which must lose the charset rule's penalty everywhere).
 *
 * <p>It runs Maven four times, so it takes minutes: run it with {@code -Dkit.sameVerdict=true},
 * e.g. {@code ./mvnw -o -pl grading/support verify -Dkit.sameVerdict=true -Dit.test=SameVerdictIT}.
 */
@EnabledIfSystemProperty(named = "kit.sameVerdict", matches = "true")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class SameVerdictIT {

    private static final Path KIT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final String LAB = "lab01-sockets";

    @TempDir
    Path folder;

    @Test
    void theSolutionScoresTheSameFromTheRootTheLabFolderAndAPlainJUnitLaunch() throws Exception {
        Map<String, Map<String, Status>> verdicts = threeWays(kitCopy(false));
        verdicts.values().forEach(verdict -> assertThat(verdict.values()).containsOnly(Status.PASSED));
    }

    @Test
    void aClientThatForgetsTheCharsetLosesThePenaltyInAllThreeWays() throws Exception {
        Map<String, Map<String, Status>> verdicts = threeWays(kitCopy(true));
        verdicts.values().forEach(verdict -> assertThat(verdict).containsEntry(
                "chatlab.CharsetRuleTest#namesUtf8WhereverTextMeetsBytes", Status.FAILED));
    }

    /** Runs the lab the three ways; asserts the same statuses and points; returns them by way. */
    private Map<String, Map<String, Status>> threeWays(Path kit) throws Exception {
        Path lab = kit.resolve(LAB);
        Path result = lab.resolve("target/grading/result.json");
        Map<String, LabResult> results = new TreeMap<>();

        run(kit, List.of("sh", "mvnw", "-q", "-o", "-B", "test"));
        results.put("root", LabResult.read(result));

        Files.delete(result);
        run(lab, List.of("sh", "../mvnw", "-q", "-o", "-B", "test"));
        results.put("lab folder", LabResult.read(result));

        Path plain = folder.resolve("plain-result.json");
        String classPath = String.join(File.pathSeparator, lab.resolve("target/classes").toString(),
                lab.resolve("target/test-classes").toString(),
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        run(lab, List.of(java(), "-Dgrading.result=" + plain, "-cp", classPath, PlainJUnitLaunch.class.getName(),
                lab.resolve("target/test-classes").toString()));
        results.put("plain JUnit", LabResult.read(plain));

        Map<String, Map<String, Status>> verdicts = new TreeMap<>();
        results.forEach((way, each) -> {
            Map<String, Status> statuses = new TreeMap<>();
            each.tests().forEach(test -> statuses.put(test.id(), test.status()));
            verdicts.put(way, statuses);
        });
        LabResult root = results.get("root");
        assertThat(root.complete()).isTrue();
        assertThat(root.tests()).hasSizeGreaterThan(10);
        results.forEach((way, each) -> {
            assertThat(each.points()).as(way + ": points").isEqualTo(root.points());
            assertThat(verdicts.get(way)).as(way + ": each test's status").isEqualTo(verdicts.get("root"));
        });
        return verdicts;
    }

    /** The student edition of lab01 (root pom, wrapper, grading support, the lab) with the solution's code. */
    private Path kitCopy(boolean forgetTheCharset) throws IOException {
        Path kit = folder.resolve("kit");
        for (String part : List.of("mvnw", ".mvn", "grading/support/pom.xml", "grading/support/src", LAB + "/pom.xml",
                LAB + "/src/test")) {
            copy(KIT.resolve(part), kit.resolve(part));
        }
        String pom = Files.readString(KIT.resolve("pom.xml"), StandardCharsets.UTF_8);
        pom = pom.replaceAll("(?s)<modules>.*?</modules>",
                "<modules><module>grading/support</module><module>" + LAB + "</module></modules>");
        Files.writeString(kit.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
        Path labPom = kit.resolve(LAB + "/pom.xml");
        Files.writeString(labPom, Files.readString(labPom, StandardCharsets.UTF_8)
                .replaceAll("\\s*<grading.mode>starter</grading.mode>", ""), StandardCharsets.UTF_8);
        // The solution's code, its regions done: what a student who finished the lab has.
        Map<Path, String> solved = StarterSync.generate(KIT.resolve("solutions/" + LAB + "/src/main"), Integer.MAX_VALUE);
        for (Map.Entry<Path, String> file : solved.entrySet()) {
            String text = file.getValue();
            if (forgetTheCharset && file.getKey().endsWith("EchoClient.java")) {
                text = text.replace("(socket.getInputStream(), StandardCharsets.UTF_8)", "(socket.getInputStream())")
                        .replace("(socket.getOutputStream(), StandardCharsets.UTF_8)", "(socket.getOutputStream())");
                assertThat(text).contains("new InputStreamReader(socket.getInputStream())");
            }
            Path target = kit.resolve(LAB + "/src/main").resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
        }
        return kit;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path each : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(each).toString());
                if (from.equals(each)) {
                    target = to;
                }
                Files.createDirectories(target.getParent());
                Files.copy(each, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(folder, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        boolean ended = process.waitFor(10, TimeUnit.MINUTES);
        assertThat(ended).as("%s ended in time; output: %s", command, log).isTrue();
        assertThat(process.exitValue()).as("%s in %s; output:%n%s", command, directory,
                Files.readString(log, StandardCharsets.UTF_8)).isZero();
    }
}

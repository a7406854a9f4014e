package chatlab.teacher;

import chatlab.grading.StarterSync;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static chatlab.teacher.GeneratedClass.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Classroom 50 autograder the release writes, run as Classroom 50's runner runs it: in a
 * student's checkout, with the runner's environment. Solved, half done and untouched lab01:
 * partial credit test by test, and a pom that claims starter mode changes nothing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClassroomIT {

    static final Path KIT = GradingIT.KIT;

    @TempDir
    static Path temp;
    static Path edition;
    static Path autograder;
    static int max;

    @BeforeAll
    static void release() throws IOException {
        assumeTrue(python() != null, "python3 is not installed: the Classroom 50 autograder cannot run here");
        StudentRelease.Summary summary = StudentRelease.write(Kit.open(KIT), "lab01", temp.resolve("edition"),
                temp.resolve("classroom50"));
        edition = summary.folder();
        autograder = summary.autograders().resolve("autograders").resolve(LAB);
        max = GradingIT.pointsIn(KIT.resolve(LAB).resolve("src/test/java"));
    }

    @Test
    void bundleHoldsTheKitsPublicTestsAndNothingSecret() throws IOException {
        assertThat(autograder.resolve("autograder.py")).exists();
        assertThat(autograder.resolve("kit/" + LAB + "/src/test/java/chatlab/EchoServerTest.java")).exists();
        assertThat(autograder.resolve("kit/grading/support/pom.xml")).exists();
        assertThat(StudentRelease.leaks(autograder)).isEmpty();
        JsonObject manifest = JsonParser.parseString(Files.readString(autograder.resolve("kit.json"))).getAsJsonObject();
        int points = 0;
        for (JsonElement test : manifest.getAsJsonArray("tests")) {
            points += test.getAsJsonObject().get("points").getAsInt();
        }
        assertThat(points).as("points in kit.json: every graded public test of lab01").isEqualTo(max);
    }

    @Test
    void solvedLabScoresFullMarks() throws Exception {
        Path checkout = checkout("solved", KIT.resolve("solutions").resolve(LAB).resolve("src/main"));
        JsonObject result = grade(checkout);
        assertThat(result.get("score").getAsInt()).isEqualTo(max);
        assertThat(result.get("max-score").getAsInt()).isEqualTo(max);
        assertThat(result.get("schema").getAsString()).isEqualTo("classroom50/result/v1");
        assertThat(Files.readString(checkout.resolve("release-body.md"))).contains(LAB + ": " + max + "/" + max);
    }

    @Test
    void halfDoneLabGetsPartialCreditTestByTest() throws Exception {
        Path partial = temp.resolve("partial-3");
        StarterSync.main(new String[] {"partial", "3", KIT.resolve("solutions").resolve(LAB).resolve("src/main").toString(),
                partial.toString()});
        JsonObject result = grade(checkout("partial", partial));
        int score = result.get("score").getAsInt();
        assertThat(score).as("steps 1-3 of lab01 done").isPositive().isLessThan(max);
        JsonArray tests = result.getAsJsonArray("tests");
        int sum = 0;
        boolean someFailedWithReason = false;
        for (JsonElement each : tests) {
            JsonObject test = each.getAsJsonObject();
            assertThat(test.get("score").getAsInt()).isEqualTo(test.get("passed").getAsBoolean()
                    ? test.get("max-score").getAsInt() : 0);
            sum += test.get("score").getAsInt();
            someFailedWithReason |= !test.get("passed").getAsBoolean() && test.has("reason");
        }
        assertThat(sum).isEqualTo(score);
        assertThat(someFailedWithReason).as("a failed test carries its reason").isTrue();
    }

    @Test
    void starterModeInAPomCannotFlipTheScore() throws Exception {
        Path checkout = checkout("sneaky", KIT.resolve(LAB).resolve("src/main"));
        Path pom = checkout.resolve(LAB).resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<grading.skip>false</grading.skip>",
                "<grading.skip>false</grading.skip>\n    <grading.mode>starter</grading.mode>"));
        // A result.json committed by the student is never read back.
        Files.createDirectories(checkout.resolve(LAB).resolve("target/grading"));
        Files.writeString(checkout.resolve(LAB).resolve("target/grading/result.json"), "{\"tests\": []}");
        JsonObject result = grade(checkout);
        assertThat(result.get("score").getAsInt()).as("an untouched starter").isZero();
        assertThat(result.get("max-score").getAsInt()).isEqualTo(max);
        assertThat(Files.readString(pom)).doesNotContain("<grading.mode>starter</grading.mode>");
    }

    @Test
    void plainWorkflowScriptWritesTheScoreTableAndStaysRedUntilFullMarks() throws Exception {
        // The edition's own workflow script, on an untouched starter whose pom claims starter mode.
        Path checkout = checkout("plain", KIT.resolve(LAB).resolve("src/main"));
        Path pom = checkout.resolve(LAB).resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<grading.skip>false</grading.skip>",
                "<grading.skip>false</grading.skip>\n    <grading.mode>starter</grading.mode>"));
        Path summary = temp.resolve("plain-summary.md");
        ProcessBuilder builder = new ProcessBuilder(python(), ".github/scripts/grade.py", LAB).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(temp.resolve("plain.log").toFile());
        builder.environment().putAll(Map.of("GITHUB_STEP_SUMMARY", summary.toString(), "CHATLAB_MAVEN_ARGS", "-o"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("grade.py took more than 3 minutes");
        }
        assertThat(process.exitValue()).as("the run is red below full marks").isEqualTo(1);
        assertThat(Files.readString(summary)).contains("### " + LAB + ": 0/" + max + " points").contains("| FAIL | 0/2 |");
    }

    private static Path checkout(String name, Path main) throws IOException {
        Path checkout = temp.resolve(name);
        GeneratedClass.copy(edition, checkout);
        GeneratedClass.deleteTree(checkout.resolve(LAB).resolve("src/main"));
        GeneratedClass.copy(main, checkout.resolve(LAB).resolve("src/main"));
        checkout.resolve("mvnw").toFile().setExecutable(true);
        return checkout;
    }

    /** Runs autograder.py as Classroom 50's runner does: working folder the checkout, identity in the environment. */
    private static JsonObject grade(Path checkout) throws Exception {
        List<String> command = new ArrayList<>(List.of(python(), autograder.resolve("autograder.py").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve(checkout.getFileName() + ".log").toFile());
        builder.environment().putAll(Map.of("CLASSROOM", "networks", "ASSIGNMENT", "lab01",
                "SUBMISSION_TAG", "submit/2026-11-30T10-00-00Z-abc1234", "COMMIT_URL", "https://example.org/commit",
                "RELEASE_URL", "https://example.org/release", "CHATLAB_MAVEN_ARGS", "-o",
                "CLASSROOM50_BUNDLE_DIR", autograder.toString()));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("autograder.py took more than 3 minutes");
        }
        assertThat(process.exitValue()).as("autograder.py's exit code (log: "
                + Files.readString(temp.resolve(checkout.getFileName() + ".log"), StandardCharsets.UTF_8) + ")").isZero();
        return JsonParser.parseString(Files.readString(checkout.resolve("result.json"))).getAsJsonObject();
    }

    static String python() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}

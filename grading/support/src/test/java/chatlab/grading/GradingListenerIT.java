package chatlab.grading;

import chatlab.grading.TestResult.Status;
import chatlab.grading.samples.GradedSamples;
import chatlab.grading.samples.SteppedSamples;
import chatlab.grading.samples.ThreadTodoSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

class GradingListenerIT {

    @Test
    void recordsEveryGradedTestWithItsOutcomeAndReason(@TempDir Path folder) throws IOException {
        Path resultFile = folder.resolve("grading/result.json");
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request().selectors(selectClass(GradedSamples.class)).build(),
                new GradingListener(resultFile.toString(), "lab99-sample", "student"));

        LabResult result = LabResult.read(resultFile);
        Map<String, TestResult> byName = result.tests().stream()
                .collect(Collectors.toMap(TestResult::name, Function.identity()));

        assertThat(result.lab()).isEqualTo("lab99-sample");
        assertThat(result.complete()).isTrue();
        assertThat(byName).hasSize(6);
        assertThat(byName.get("a passing test").status()).isEqualTo(Status.PASSED);
        assertThat(byName.get("a passing test").earned()).isEqualTo(3);
        assertThat(byName.get("a failing assertion").status()).isEqualTo(Status.FAILED);
        assertThat(byName.get("a failing assertion").reason()).contains("the reply", "hello", "bye");
        assertThat(byName.get("unwritten student code").reason()).isEqualTo("not written yet: TODO Step 2: accept clients");
        assertThat(byName.get("a parameterized test failing once").status()).isEqualTo(Status.FAILED);
        assertThat(byName.get("a parameterized test failing once").reason()).contains("repetition 2");
        assertThat(byName.get("given code").givenCode()).isTrue();
        assertThat(byName.get("forgot its points").points()).isZero();
        assertThat(result.points()).isEqualTo(3 + 1);
        assertThat(result.maxPoints()).isEqualTo(3 + 2 + 1 + 4 + 1);
        assertThat(result.tests()).allSatisfy(test -> assertThat(test.step()).isNull());
    }

    @Test
    void writesNamesAndReasonsInItalianBesideTheirEnglish(@TempDir Path folder) throws IOException {
        Path resultFile = folder.resolve("result.json");
        LauncherFactory.create().execute(request().selectors(selectClass(GradedSamples.class)).build(),
                new GradingListener(resultFile.toString(), "lab99-sample", "student",
                        Feedback.load("it", getClass().getClassLoader())));

        LabResult result = LabResult.read(resultFile);
        Map<String, TestResult> byId = result.tests().stream()
                .collect(Collectors.toMap(test -> test.id().replace(GradedSamples.class.getName() + "#", ""),
                        Function.identity()));
        assertThat(result.language()).isEqualTo("it");
        assertThat(byId.get("passes").name()).isEqualTo("un test che passa");
        assertThat(byId.get("passes").englishName()).isEqualTo("a passing test");
        assertThat(byId.get("failsAnAssertion").reason()).isEqualTo("la risposta ==> atteso: <hello> ma era: <bye>");
        assertThat(byId.get("failsAnAssertion").englishReason())
                .isEqualTo("the reply ==> expected: <hello> but was: <bye>");
        assertThat(byId.get("hitsATodo").reason()).isEqualTo("non ancora scritto: TODO Step 2: accept clients");
        assertThat(byId.get("checksGivenCode").name()).as("no translation: English").isEqualTo("given code");
        assertThat(byId.get("checksGivenCode").englishName()).isNull();
        assertThat(result.points()).as("the same points in every language").isEqualTo(3 + 1);

        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        ScoreReport.print(result, Mode.STUDENT, new java.io.PrintStream(table, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(table.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(" lab99-sample - punteggio",
                " OK      3/3  un test che passa", " KO      0/2  una verifica che fallisce",
                "              la risposta ==> atteso: <hello> ma era: <bye>", " lab99-sample: 4/11 punti",
                " Da fare ora: Passo 2 (ancora TODO; serve a 'unwritten student code').");
    }

    @Test
    void recordsTheStepOfEachTestAndTheGuardsPenalty(@TempDir Path folder) throws IOException {
        Path resultFile = folder.resolve("result.json");
        LauncherFactory.create().execute(request().selectors(selectClass(SteppedSamples.class),
                        selectClass(SteppedSamples.Rule.class)).build(),
                new GradingListener(resultFile.toString(), "lab99-sample", "student"));

        LabResult result = LabResult.read(resultFile);
        Map<String, TestResult> byName = result.tests().stream()
                .collect(Collectors.toMap(TestResult::name, Function.identity()));
        assertThat(byName.get("a test of step 1").step()).isEqualTo(1);
        assertThat(byName.get("a test of its class's step").step()).isEqualTo(2);
        assertThat(byName.get("a nested test of the enclosing class's step").step()).isEqualTo(2);
        assertThat(byName.get("a broken rule").guard()).isTrue();
        assertThat(byName.get("a broken rule").step()).isNull();
        assertThat(byName.get("a broken rule").deducted()).isEqualTo(2);
        assertThat(result.maxPoints()).isEqualTo(1 + 2 + 1);
        assertThat(result.points()).as("2 points earned, less the broken rule's 2").isZero();
    }

    @Test
    void aResultWithoutStepsIsStillRead(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("old.json");
        java.nio.file.Files.writeString(file, """
                {"lab": "lab01-sockets", "mode": "student", "complete": true, "tests": [
                  {"id": "chatlab.EchoServerTest#echoesOneLine", "name": "echoes one line back", "points": 2,
                   "givenCode": false, "status": "PASSED"}]}
                """);
        LabResult old = LabResult.read(file);
        assertThat(old.points()).isEqualTo(2);
        assertThat(old.tests().get(0).step()).isNull();
        assertThat(old.tests().get(0).guard()).isFalse();
    }

    @Test
    void namesTheTodoAThreadOfTheTestDiedOfWhenTheTestNeedsThatStep(@TempDir Path folder) throws IOException {
        Path resultFile = folder.resolve("grading/result.json");
        LauncherFactory.create().execute(request().selectors(selectClass(ThreadTodoSamples.class)).build(),
                new GradingListener(resultFile.toString(), "lab99-sample", "student"));

        Map<String, TestResult> byName = LabResult.read(resultFile).tests().stream()
                .collect(Collectors.toMap(TestResult::name, Function.identity()));
        assertThat(byName.get("a test of step 3 whose server thread died of TODO Step 3").reason())
                .startsWith("not written yet: TODO Step 3: welcome the client")
                .contains("sample-server", "the reply");
        // Step 3's TODO cannot be why a test of step 2 fails: its own reason stays.
        assertThat(byName.get("a test of step 2 whose server thread died of TODO Step 3").reason())
                .doesNotContain("not written yet").contains("the reply");
    }
}

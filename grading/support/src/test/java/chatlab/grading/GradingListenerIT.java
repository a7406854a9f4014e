package chatlab.grading;

import chatlab.grading.TestResult.Status;
import chatlab.grading.samples.GradedSamples;
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
    }
}

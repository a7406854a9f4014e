package chatlab.grading;

import chatlab.grading.samples.CharsetSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CharsetRuleIT {

    private static final Path SAMPLES = Path.of("src/test/java/chatlab/grading/samples/CharsetSamples.java");

    /** The lines of the samples' source that say "breaks". */
    private static List<Integer> linesThatBreakTheRule() throws IOException {
        List<String> lines = Files.readAllLines(SAMPLES, StandardCharsets.UTF_8);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// breaks")) {
                numbers.add(i + 1);
            }
        }
        return numbers;
    }

    @Test
    void findsEveryTextConversionWithoutACharsetWithItsFileAndLineAndNothingElse(@TempDir Path classes)
            throws IOException {
        Path copy = classes.resolve("chatlab/grading/samples/CharsetSamples.class");
        Files.createDirectories(copy.getParent());
        try (InputStream compiled = CharsetSamples.class.getResourceAsStream("CharsetSamples.class")) {
            Files.copy(compiled, copy);
        }
        List<CharsetRule.Violation> found = CharsetRule.check(classes);
        assertThat(found).extracting(CharsetRule.Violation::line).containsExactlyElementsOf(linesThatBreakTheRule())
                .hasSize(11);
        assertThat(found).allSatisfy(each -> assertThat(each.file()).isEqualTo("chatlab/grading/samples/CharsetSamples.java"));
        assertThat(found.get(0).toString()).endsWith(": new InputStreamReader(stream) decodes with the platform's"
                + " default charset: name UTF-8 (StandardCharsets.UTF_8) as its second argument");
    }

    @Test
    void theGuardFailsWithTheFirstPlacesAndPassesOnCleanCode() {
        assertThatThrownBy(() -> CharsetRule.assertKeptBy(CharsetSamples.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("chatlab/grading/samples/CharsetSamples.java:")
                .hasMessageContaining("and 6 more");
        assertThat(CharsetRule.check(Path.of("target/classes"))).as("the grading support's own classes").isEmpty();
    }
}

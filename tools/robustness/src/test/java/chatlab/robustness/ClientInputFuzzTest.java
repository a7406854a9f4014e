package chatlab.robustness;

import chatlab.LineReader;
import chatlab.Protocol;
import chatlab.VisibleText;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what reads a client's bytes: {@link LineReader} (framing, the length bound, UTF-8) and
 * what the server then does with each line, as a name ({@link Protocol#isValidName}) and as a
 * message ({@link Protocol#message}). Under plain {@code mvn test} Jazzer runs the saved inputs in
 * {@code src/test/resources/chatlab/robustness/ClientInputFuzzTestInputs/clientBytes} as
 * regression tests; {@code JAZZER_FUZZ=1 mvn test -Dtest=ClientInputFuzzTest} searches for new
 * ones (docs/BENCHMARKS.md).
 */
class ClientInputFuzzTest {

    /** A small bound, so that short inputs reach the "too long" paths too. */
    private static final int MAX_BYTES = 64;

    @FuzzTest(maxDuration = "30s")
    @Timeout(60) // the kit's default of 10 s per test is for the saved inputs, not for fuzzing
    void clientBytes(byte[] input) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input), MAX_BYTES);
        int lines = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (LineReader.LineTooLongException tooLong) {
                assertThat(input.length).as("only an input longer than the bound is too long").isGreaterThan(MAX_BYTES);
                return; // the server answers ERROR LINE_TOO_LONG and closes: nothing more is read
            }
            if (line == null) {
                break;
            }
            lines++;
            assertThat(lines).as("never more lines than bytes").isLessThanOrEqualTo(input.length);
            assertThat(line).doesNotContain("\n");
            // Every character comes from at least one byte (a byte that is not UTF-8 becomes one '\uFFFD').
            assertThat(line.length()).as("a line within the bound of %d bytes", MAX_BYTES).isLessThanOrEqualTo(MAX_BYTES);
            checkAsName(line);
            checkAsMessage(line);
        }
    }

    private static void checkAsName(String line) {
        String name = Protocol.normalizeName(line); // as the server does
        if (Protocol.isValidName(name)) {
            assertThat(name.codePointCount(0, name.length())).isBetween(1, Protocol.MAX_NAME_LENGTH);
            assertThat(name.codePoints()).as("a valid name <%s>", name)
                    .noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '\uFFFD'
                            || VisibleText.isBlank(c) || VisibleText.isBidiControl(c))
                    .anyMatch(Character::isLetter);
        }
    }

    private static void checkAsMessage(String line) {
        String sent = Protocol.message("eve", line);
        assertThat(sent).as("what the server sends for <%s>", line).startsWith("MSG eve ");
        assertThat(sent.chars()).as("no control character but the tab reaches another client")
                .noneMatch(c -> Character.isISOControl(c) && c != '\t');
        assertThat(sent.codePoints()).as("no bidi control reaches another client").noneMatch(VisibleText::isBidiControl);
        assertThat(sent.length()).as("the text is never longer than it came").isLessThanOrEqualTo("MSG eve ".length() + line.length());
        int blanks = 0;
        for (int c : sent.substring("MSG eve ".length()).codePoints().toArray()) {
            blanks = VisibleText.isBlank(c) ? blanks + 1 : 0;
            assertThat(blanks).as("a run of blanks in what the server sends for <%s>", line)
                    .isLessThanOrEqualTo(VisibleText.MAX_BLANK_RUN);
        }
    }
}

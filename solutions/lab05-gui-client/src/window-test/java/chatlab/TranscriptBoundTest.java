package chatlab;

import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kit's own check of given code (not graded): a long conversation keeps the transcript to its
 * last {@link ChatView#TRANSCRIPT_LINES} lines, so a client left open all day, or a classmate's
 * flood, does not grow without end. Needs no display.
 */
class TranscriptBoundTest extends ClientTestBase {

    @Test
    void aLongConversationKeepsItsLastLines() throws IOException {
        LineConnection bob = person("bob");
        startSession("alice");
        int sent = ChatView.TRANSCRIPT_LINES + 500;
        StringBuilder burst = new StringBuilder();
        for (int i = 1; i <= sent; i++) {
            burst.append(i == 1 ? "" : "\n").append("message ").append(i).append(" of ").append(sent);
        }
        bob.send(burst.toString());
        String last = "message " + sent + " of " + sent;
        await("the last of " + sent + " messages in the transcript").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> transcript().contains(last));
        String[] lines = transcript().split("\n");
        assertThat(lines).as("the transcript's lines after %d messages", sent).hasSize(ChatView.TRANSCRIPT_LINES);
        assertThat(lines[0]).as("the oldest line kept").contains("message " + (sent - ChatView.TRANSCRIPT_LINES + 1) + " of");
    }
}

package chatlab;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.swing.SwingUtilities;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code --gui} monitor under a flood: one Swing event per broadcast line once left 154,819
 * events pending, 700 MB of heap and a window that could not be closed. Now the server only
 * queues lines (a bounded queue) and the window draws them in batches, keeping a bounded transcript.
 */
class MonitorTranscriptTest {

    @BeforeAll
    static void startSwing() throws Exception {
        SwingUtilities.invokeAndWait(() -> new javax.swing.JTextArea().append("warm-up"));
    }

    @Test
    @Timeout(60)
    void aFloodOfLinesStaysBoundedAndTheListIsAskedOnlyWhenSomeoneCameOrWent() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        MonitorTranscript shown = new MonitorTranscript(() -> {
            asked.incrementAndGet();
            return Set.of("bob", "alice");
        });
        for (int i = 0; i < 200_000; i++) { // no Swing event at all while the server adds lines
            shown.add("MSG bob " + "x".repeat(100) + " " + i);
        }
        SwingUtilities.invokeAndWait(shown::show);
        assertThat(shown.transcript.getLineCount() - 1).as("lines shown: the notice, then the last queued lines")
                .isEqualTo(MonitorTranscript.WAITING_LINES + 1);
        assertThat(shown.transcript.getText()).contains((200_000 - MonitorTranscript.WAITING_LINES)
                        + " lines not shown: too many at once")
                .endsWith("MSG bob " + "x".repeat(100) + " 199999\n");
        for (int flood = 0; flood < 3; flood++) {
            for (int i = 0; i < 5_000; i++) {
                shown.add("MSG bob again " + i);
            }
            SwingUtilities.invokeAndWait(shown::show);
        }
        assertThat(shown.transcript.getLineCount() - 1).as("lines kept after more floods")
                .isEqualTo(MonitorTranscript.TRANSCRIPT_LINES);
        assertThat(asked).as("who is online asked again after each flood with skipped lines").hasValue(4);
        assertThat(shown.online.toString()).isEqualTo("[alice, bob]");

        shown.add("MSG alice hi");
        SwingUtilities.invokeAndWait(shown::show);
        assertThat(asked).as("no JOINED or LEFT: the list is not rebuilt").hasValue(4);
        shown.add("LEFT bob quit");
        SwingUtilities.invokeAndWait(shown::show);
        assertThat(asked).as("after a LEFT line").hasValue(5);
    }
}

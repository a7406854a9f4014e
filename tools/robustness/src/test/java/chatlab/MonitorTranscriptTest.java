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
        assertThat(shown.transcript.getLineCount() - 1).as("lines kept").isEqualTo(MonitorTranscript.TRANSCRIPT_LINES);
        assertThat(shown.transcript.getText()).contains("lines not shown: too many at once")
                .endsWith("MSG bob " + "x".repeat(100) + " 199999\n");
        assertThat(asked).as("who is online asked again after lines were skipped").hasValue(1);
        assertThat(shown.online.toString()).isEqualTo("[alice, bob]");

        shown.add("MSG alice hi");
        SwingUtilities.invokeAndWait(shown::show);
        assertThat(asked).as("no JOINED or LEFT: the list is not rebuilt").hasValue(1);
        shown.add("LEFT bob quit");
        SwingUtilities.invokeAndWait(shown::show);
        assertThat(asked).as("after a LEFT line").hasValue(2);
    }
}

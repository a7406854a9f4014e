package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import javax.swing.SwingUtilities;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Threads done right (handout steps 3 and 11): the network off the EDT, Swing only on it. */
@Step(11)
@Order(5) // the score table lists the test classes in the handout's order
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreadingTest extends ClientTestBase {

    @Test
    @Order(1)
    @Points(3)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("every change to the transcript happens on the event dispatch thread")
    void changesTheTranscriptOnTheEdtOnly() throws IOException {
        List<String> offEdt = new CopyOnWriteArrayList<>();
        AtomicInteger changes = new AtomicInteger();
        Edt.run("watching the transcript", () -> client.chatView().transcript().getDocument()
                .addDocumentListener(new DocumentListener() {
                    @Override
                    public void insertUpdate(DocumentEvent event) {
                        record();
                    }

                    @Override
                    public void removeUpdate(DocumentEvent event) {
                        record();
                    }

                    @Override
                    public void changedUpdate(DocumentEvent event) {
                        record();
                    }

                    private void record() {
                        changes.incrementAndGet();
                        if (!SwingUtilities.isEventDispatchThread()) {
                            offEdt.add(Thread.currentThread().getName());
                        }
                    }
                }));
        startSession("alice");
        LineConnection bob = person("bob");
        for (int i = 1; i <= 20; i++) {
            bob.send("message " + i);
        }
        type("an answer");
        pressEnter();
        bob.send("{quit}");
        awaitShown(Texts.get("line.left", "bob"), "after bob's 20 messages and his {quit}");
        awaitShown("message 20", "after bob's 20 messages");
        assertThat(changes.get()).as("changes seen in the transcript's document").isGreaterThan(20);
        assertThat(offEdt)
                .as("threads other than the event dispatch thread that changed the transcript. Swing is not"
                        + " thread-safe: lines from the reader thread must reach the text pane through"
                        + " SwingUtilities.invokeLater")
                .isEmpty();
    }

    @Test
    @Order(2)
    @Points(2)
    @DisplayName("the window stays responsive while connected: reading the server runs on its own thread")
    void readsTheServerOffTheEdt() throws IOException {
        LineConnection bob = person("bob");
        startSession("alice"); // fails here if ChatView.start never returns: a read loop on the EDT
        assertThat(Edt.respondsWithin(Duration.ofSeconds(2)))
                .as("the event dispatch thread, connected and with nothing to read, should be free; it stayed busy:"
                        + " the server is read on the EDT, and the window is frozen")
                .isTrue();
        bob.send("are you there?");
        awaitShown("are you there?", "after bob's message");
    }
}

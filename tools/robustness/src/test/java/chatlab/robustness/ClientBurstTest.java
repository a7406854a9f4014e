package chatlab.robustness;

import chatlab.ChatView;
import chatlab.ServerConnection;
import chatlab.testkit.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.swing.SwingUtilities;
import javax.swing.text.AttributeSet;
import javax.swing.text.BadLocationException;
import javax.swing.text.Element;
import javax.swing.text.StyleConstants;
import javax.swing.text.StyledDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Swing client of the full chat against a server that sends a burst, and a classmate who
 * tries to pass for someone else by wrapping (issue 14, findings 3 and 7). Headless: the chat
 * view is a panel, driven on the event dispatch thread (EDT) as the window would.
 */
class ClientBurstTest {

    private static final int BURST = 20_000;
    /**
     * How long the EDT may keep a click waiting while the burst is drawn. Measured on a 2-core machine
     * under a load average of 20-35: one event per line (the old view) kept it 6.9 s; batches of 100
     * lines at most 0.75 s (the JIT's first compilations and a GC included; 0.42 s on another run).
     */
    private static final Duration RESPONSIVE = Duration.ofSeconds(2);
    /** A bound far above what the view should keep (2,000 lines), far below the burst. */
    private static final int MOST_PARAGRAPHS = 5_000;

    private ServerSocket fakeServer;
    private ServerConnection connection;

    @AfterEach
    void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
        if (fakeServer != null) {
            fakeServer.close();
        }
    }

    @Test
    void aBurstOf20000LinesLeavesTheWindowResponsiveAndTheTranscriptBounded() throws Exception {
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < BURST; i++) { // ~100 bytes a line, as in the finding
            burst.append("MSG bob line ").append(i).append(" of the burst, about a hundred bytes long: ")
                    .append("x".repeat(40)).append('\n');
        }
        burst.append("MSG bob the last line\n");
        ChatView view = connectedView(burst.toString());

        long slowest = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!onEdt(() -> text(view)).contains("bob: the last line")) {
            assertThat(System.nanoTime()).as("the burst drawn within 60 s").isLessThan(deadline);
            long start = System.nanoTime();
            CountDownLatch answered = new CountDownLatch(1);
            SwingUtilities.invokeLater(answered::countDown);
            assertThat(answered.await(30, TimeUnit.SECONDS)).as("the EDT answers within 30 s").isTrue();
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertThat(Duration.ofNanos(slowest)).as("the longest the EDT kept a click waiting during a burst of %d lines", BURST)
                .isLessThan(RESPONSIVE);
        int paragraphs = onEdt(() -> view.transcript().getStyledDocument().getDefaultRootElement().getElementCount());
        assertThat(paragraphs).as("lines the transcript keeps after a burst of %d", BURST).isLessThan(MOST_PARAGRAPHS);
    }

    @Test
    void aSenderCannotBeFakedByWrapping() throws Exception {
        ChatView view = connectedView("MSG eve ok" + " ".repeat(400) + "alice: I agree\nMSG alice the real alice\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!onEdt(() -> text(view)).contains("the real alice")) {
            assertThat(System.nanoTime()).as("both messages shown within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        onEdt(() -> {
            StyledDocument document = view.transcript().getStyledDocument();
            String text = text(view);
            int fake = text.indexOf("eve:");
            int fakeSender = text.indexOf("alice: I agree");
            int real = text.indexOf("alice: the real alice");
            assertThat(fakeSender).as("the fake is shown, as eve's text").isGreaterThan(fake);
            assertThat(text.substring(fake, fakeSender)).as("the blank run of the fake, as shown")
                    .doesNotContain("    ");
            assertThat(bold(document, real)).as("a real sender is bold").isTrue();
            assertThat(bold(document, fakeSender)).as("a sender typed in a text is not bold").isFalse();
            AttributeSet paragraph = document.getParagraphElement(fake).getAttributes();
            assertThat(StyleConstants.getLeftIndent(paragraph) + StyleConstants.getFirstLineIndent(paragraph))
                    .as("where a message's first row starts").isZero();
            assertThat(StyleConstants.getLeftIndent(paragraph)).as("how far its wrapped rows are indented").isPositive();
            assertThat(document.getParagraphElement(fakeSender)).as("the fake stays in eve's paragraph")
                    .isSameAs(document.getParagraphElement(fake));
            return null;
        });
    }

    /** A chat view in a session with a fake server that welcomes alice, then sends these lines. */
    private ChatView connectedView(String lines) throws Exception {
        fakeServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Background.start("fake server", () -> {
            try (Socket client = fakeServer.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                in.readLine(); // the name
                OutputStream out = client.getOutputStream();
                out.write(("WELCOME alice\n" + lines).getBytes(StandardCharsets.UTF_8));
                out.flush();
                in.readLine(); // until the client leaves
            }
        });
        connection = ServerConnection.connect("127.0.0.1", fakeServer.getLocalPort(), "alice");
        return onEdt(() -> {
            ChatView view = new ChatView(why -> { });
            view.start(connection);
            return view;
        });
    }

    private static String text(ChatView view) {
        StyledDocument document = view.transcript().getStyledDocument();
        try {
            return document.getText(0, document.getLength());
        } catch (BadLocationException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    private static boolean bold(StyledDocument document, int offset) {
        Element run = document.getCharacterElement(offset);
        return StyleConstants.isBold(run.getAttributes());
    }

    /** Runs the task on the EDT and waits for it, 30 s at most. */
    private static <T> T onEdt(Supplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable failed) {
                result.completeExceptionally(failed);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's queue and its writer (handout step 1), on one ClientHandler: the test accepts the
 * connection itself and puts lines in the queue with offer(), as the server will.
 */
@Step(1)
class ClientHandlerTest {

    private ChatServer server;
    private ServerSocket listener;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private LineConnection client;
    private ClientHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        server = new ChatServer(0); // the handler's server; its accept loop is not used here
        listener = new ServerSocket(0);
        listener.setSoTimeout((int) Waits.WAIT.toMillis());
        client = LineConnection.open(listener.getLocalPort());
        opened.add(client);
        Socket socket = listener.accept();
        opened.add(socket);
        handler = new ClientHandler(server, new ClientConnection(socket));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        listener.close();
        server.close();
    }

    @Test
    @Points(2)
    @DisplayName("offer() never waits: it says false once Protocol.MAX_QUEUED_LINES lines wait, not one sooner or later")
    void queueIsBounded() {
        // Nobody takes lines from this handler's queue: its writer is not started (run() starts it).
        AtomicInteger accepted = new AtomicInteger();
        List<Boolean> extra = new ArrayList<>();
        Background offering = Background.start("offering lines", () -> {
            for (int i = 1; i <= Protocol.MAX_QUEUED_LINES; i++) {
                if (handler.offer("MSG x line " + i)) {
                    accepted.incrementAndGet();
                }
            }
            extra.add(handler.offer("MSG x one too many"));
            extra.add(handler.offer("MSG x two too many"));
        });
        assertThat(offering.endsWithin(Waits.WAIT))
                .as("offering %d lines to a client that does not read should never wait, but offer() got stuck after"
                        + " %d lines (put() waits for room; offer() says false at once)",
                        Protocol.MAX_QUEUED_LINES + 2, accepted.get())
                .isTrue();
        if (offering.failure() instanceof RuntimeException failure) {
            throw failure;
        }
        assertThat(accepted.get()).as("how many of the first %d lines offer() accepted (the queue holds"
                + " Protocol.MAX_QUEUED_LINES lines)", Protocol.MAX_QUEUED_LINES).isEqualTo(Protocol.MAX_QUEUED_LINES);
        assertThat(extra).as("what offer() returned for lines %d and %d, with the queue full",
                Protocol.MAX_QUEUED_LINES + 1, Protocol.MAX_QUEUED_LINES + 2).containsExactly(false, false);
    }

    @Test
    @Points(2)
    @DisplayName("the writer sends the queued lines in order, in UTF-8, each ended by '\\n', and closes after the last")
    void writerSendsQueuedLines() {
        List<String> sent = new ArrayList<>();
        sent.add("WELCOME zoë");
        sent.add("MSG zoë ciao, è già l'una? 🙂 Ōsaka, 李雷");
        for (int i = 1; i <= 500; i++) { // a burst: many lines wait at once
            sent.add("MSG zoë line " + i);
        }
        for (String line : sent) {
            assertThat(handler.offer(line)).as("offer() of line %d to a queue of %d", sent.indexOf(line) + 1,
                    Protocol.MAX_QUEUED_LINES).isTrue();
        }
        handler.finish("SHUTDOWN"); // given: queues SHUTDOWN, then the marker that tells the writer to close
        Background.start("handler under test", handler::run); // starts the writer, which finds 503 lines waiting
        for (int i = 0; i < sent.size(); i++) {
            assertThat(client.readLine(Waits.WAIT)).as("line %d the client received", i + 1).isEqualTo(sent.get(i));
        }
        assertThat(client.readLine(Waits.WAIT)).as("the last queued line").isEqualTo("SHUTDOWN");
        assertThat(client.readLine(Waits.WAIT)).as("after the last line (the CLOSE marker) the writer should close the"
                + " connection").isNull();
    }
}

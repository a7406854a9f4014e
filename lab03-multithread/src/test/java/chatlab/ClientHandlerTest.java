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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One ClientHandler on its own (handout step 1): the test accepts the connection itself and runs
 * the handler, so that nothing of the server's accept loop is needed yet.
 */
@Step(1)
class ClientHandlerTest {

    private ChatServer server;
    private ServerSocket listener;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    /** A client connected to a handler that runs on a thread of its own. */
    private record Served(LineConnection client, Background handler) {
        String next(String waitingFor) {
            return Waits.nextLine(client, handler, waitingFor);
        }

        void join(String name) {
            client.send(name);
            assertThat(next("the answer to the name " + name)).as("the answer to the valid name %s", name)
                    .isEqualTo("WELCOME " + name);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Waits.watchUncaughtTodos();
        server = new ChatServer(0); // the handler's server; its accept loop is not used here
        listener = new ServerSocket(0);
        listener.setSoTimeout((int) Waits.WAIT.toMillis());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        listener.close();
        server.close();
    }

    private Served serveOne() throws IOException {
        LineConnection client = LineConnection.open(listener.getLocalPort());
        opened.add(client);
        Socket socket = listener.accept();
        opened.add(socket);
        ClientHandler handler = new ClientHandler(server, new ClientConnection(socket));
        return new Served(client, Background.start("handler under test", handler::run));
    }

    @Test
    @Points(1)
    @DisplayName("a handler welcomes its client and sends each message back as a MSG line")
    void handlerChats() throws IOException {
        Served alice = serveOne();
        alice.client().send("al ice");
        assertThat(alice.next("the answer to an invalid name")).as("the answer to the name \"al ice\"")
                .startsWith("REFUSED NAME_INVALID ");
        alice.join("alice");
        alice.client().send("   ");
        alice.client().send("ciao, è già l'una? 🙂 Ōsaka");
        assertThat(alice.next("the echo of a message")).as("what alice received after a blank line and a message")
                .isEqualTo("MSG alice ciao, è già l'una? 🙂 Ōsaka");
    }

    @Test
    @Points(2)
    @DisplayName("however the client leaves, the handler closes the connection and run() ends")
    void handlerEndsHoweverTheClientLeaves() throws IOException {
        leaves("sends {quit}", client -> client.send("{quit}"), true);
        leaves("sends {quit} instead of a name", client -> client.send("{quit}"), false);
        leaves("ends its stream (half-close) without {quit}", LineConnection::halfClose, true);
        leaves("ends its stream before choosing a name", LineConnection::halfClose, false);
        leaves("sends a line of 6000 bytes", client -> client.send("é".repeat(3000)), true);
    }

    private void leaves(String how, Consumer<LineConnection> leave, boolean named) throws IOException {
        Served served = serveOne();
        if (named) {
            served.join("bob");
        }
        leave.accept(served.client());
        String line = served.client().readLine(Waits.WAIT);
        if (line != null && line.startsWith("ERROR LINE_TOO_LONG")) {
            line = served.client().readLine(Waits.WAIT);
        }
        assertThat(line).as("after the client %s, the server should close the connection (and send nothing more)", how)
                .isNull();
        assertThat(served.handler().endsWithin(Waits.WAIT))
                .as("after the client %s, the handler's run() should end, but it is still running", how).isTrue();
        if (served.handler().failure() instanceof UnsupportedOperationException todo
                && !String.valueOf(todo.getMessage()).startsWith("TODO Step 2")) {
            throw todo; // a later step's TODO is fine here; this step's is not
        }
    }

    @Test
    @Points(1)
    @DisplayName("a line over 4096 bytes, a name line too, gets ERROR LINE_TOO_LONG, then the connection closes")
    void tooLongLines() throws IOException {
        Served longName = serveOne();
        longName.client().send("n".repeat(5000));
        assertThat(longName.next("the answer to a name line of 5000 bytes"))
                .as("the answer to a name line of 5000 bytes (PROTOCOL.md §1: any line over 4096 bytes)")
                .startsWith("ERROR LINE_TOO_LONG ");
        assertThat(longName.client().closedByServerWithin(Waits.WAIT))
                .as("after ERROR LINE_TOO_LONG the server should close the connection").isTrue();

        Served longMessage = serveOne();
        longMessage.join("carol");
        longMessage.client().send("ō".repeat(2100)); // 4200 bytes of UTF-8, but only 2100 characters
        assertThat(longMessage.next("the answer to a message of 4200 bytes"))
                .as("the answer to a message of 2100 characters but 4200 bytes (the bound counts bytes)")
                .startsWith("ERROR LINE_TOO_LONG ");
        assertThat(longMessage.client().closedByServerWithin(Waits.WAIT))
                .as("after ERROR LINE_TOO_LONG the server should close the connection").isTrue();
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-to-one chat server (handout steps 1 to 6), driven through a socket and a fake console. */
class ChatServerTest {

    private Keyboard keyboard;
    private Screen screen;
    private ChatServer server;
    private Background serving;
    private final List<LineConnection> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        keyboard = new Keyboard();
        screen = new Screen();
        server = new ChatServer(0, new BufferedReader(keyboard), screen.printStream());
        serving = Background.start("ChatServer.serve", server::serve);
    }

    @AfterEach
    void stopServer() {
        keyboard.end();
        clients.forEach(LineConnection::close);
        try {
            server.close();
        } catch (Exception ignored) {
            // only the close() test grades close()
        }
    }

    private LineConnection connect() {
        LineConnection client = LineConnection.open(server.port());
        clients.add(client);
        return client;
    }

    private String next(LineConnection client, String waitingFor) {
        return Waits.nextLine(client, serving, waitingFor);
    }

    /** Connects, sends the name and checks the WELCOME. */
    private LineConnection join(String name) {
        LineConnection client = connect();
        client.send(name);
        assertThat(next(client, "the answer to the name " + name))
                .as("the server's answer to the valid name %s", name)
                .isEqualTo("WELCOME " + name);
        return client;
    }

    private void assertClosedByServer(LineConnection client, String when) {
        assertThat(client.closedByServerWithin(Waits.WAIT))
                .as("the server should close the client's connection %s, but it stayed open", when)
                .isTrue();
    }

    @Test
    @Points(1)
    @DisplayName("welcomes a client with a valid name")
    void welcomesAValidName() {
        join("alice");
        screen.awaitLine("* alice joined");
    }

    @Test
    @Points(2)
    @DisplayName("refuses invalid names, then accepts a valid one on the same connection")
    void refusesInvalidNames() {
        LineConnection client = connect();
        for (String bad : List.of("", "al ice", "a".repeat(21), "bob!")) {
            client.send(bad);
            assertThat(next(client, "the answer to the name \"" + bad + "\""))
                    .as("the answer to the invalid name \"%s\"", bad)
                    .startsWith("REFUSED NAME_INVALID ");
        }
        client.send("Zoë_2");
        assertThat(next(client, "the answer to the name Zoë_2"))
                .as("the answer to the valid name Zoë_2 (UTF-8) after four refused ones")
                .isEqualTo("WELCOME Zoë_2");
    }

    @Test
    @Points(2)
    @DisplayName("shows the client's messages (UTF-8, \\n or \\r\\n) on the console, while the operator says nothing")
    void showsTheClientsMessages() {
        LineConnection alice = join("alice");
        List<String> lines = List.of("ciao, è già l'una? 🙂", "second line", "third line");
        alice.send(lines.get(0));
        alice.sendRaw((lines.get(1) + "\r\n").getBytes(StandardCharsets.UTF_8)); // as nc -C sends
        alice.send(lines.get(2));
        for (String line : lines) {
            screen.awaitLine("alice: " + line);
        }
        assertThat(screen.lines()).as("the console").containsSubsequence(
                "alice: " + lines.get(0), "alice: " + lines.get(1), "alice: " + lines.get(2));
    }

    @Test
    @Points(2)
    @DisplayName("sends the operator's lines to the client, while the client says nothing")
    void sendsTheOperatorsLines() {
        LineConnection alice = join("alice");
        List<String> lines = List.of("hello alice, è così 👋", "how are you?", "still there?");
        lines.forEach(keyboard::type);
        for (String line : lines) {
            assertThat(next(alice, "the operator's line \"" + line + "\""))
                    .as("what the client received after the operator typed \"%s\"", line)
                    .isEqualTo("MSG operator " + line);
        }
    }

    @Test
    @Points(2)
    @DisplayName("carries both directions at the same time")
    void carriesBothDirectionsAtOnce() {
        LineConnection alice = join("alice");
        for (int i = 1; i <= 20; i++) {
            alice.send("from alice " + i);
            keyboard.type("from the operator " + i);
        }
        for (int i = 1; i <= 20; i++) {
            assertThat(next(alice, "the operator's line number " + i))
                    .as("line %d the client received while both sides were typing", i)
                    .isEqualTo("MSG operator from the operator " + i);
        }
        screen.awaitLine("alice: from alice 20");
        List<String> shown = screen.lines().stream().filter(line -> line.startsWith("alice: ")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add("alice: from alice " + i);
        }
        assertThat(shown).as("the client's lines on the console, in order").containsExactlyElementsOf(expected);
    }

    @Test
    @Points(1)
    @DisplayName("ignores empty lines from either side")
    void ignoresEmptyLines() {
        LineConnection alice = join("alice");
        alice.send("");
        alice.send("   ");
        alice.send("after the empty lines");
        screen.awaitLine("alice: after the empty lines");
        assertThat(screen.lines()).as("the console, after the client sent an empty and a blank line")
                .noneMatch(line -> line.startsWith("alice:") && line.substring("alice:".length()).isBlank());
        keyboard.type("");
        keyboard.type("after an empty line");
        assertThat(next(alice, "the operator's line")).as("what the client received after the operator"
                + " typed an empty line, then a line").isEqualTo("MSG operator after an empty line");
    }

    @Test
    @Points(2)
    @DisplayName("{quit} from the client closes its connection, and the next client is served")
    void clientQuitEndsTheChat() {
        LineConnection alice = join("alice");
        alice.send("{quit}");
        assertClosedByServer(alice, "after it sent {quit}");
        screen.awaitLine("* alice left");
        join("bob");
    }

    @Test
    @Points(2)
    @DisplayName("{quit} from the operator tells the client and closes its connection")
    void operatorQuitEndsTheChat() {
        LineConnection alice = join("alice");
        keyboard.type("{quit}");
        assertThat(next(alice, "the notice that the operator left"))
                .as("what the client received after the operator typed {quit}")
                .isEqualTo("LEFT operator quit");
        assertClosedByServer(alice, "after the operator typed {quit}");
        join("bob");
    }

    @Test
    @Points(2)
    @DisplayName("a client that vanishes without {quit} frees the server for the next one")
    void survivesVanishingClients() {
        LineConnection alice = join("alice");
        alice.send("I am about to crash");
        alice.reset(); // the server's next read fails with "connection reset"
        screen.awaitLine("* alice left");

        LineConnection bob = join("bob");
        bob.close(); // a clean end of stream, without {quit}: readLine() returns null
        screen.awaitLine("* bob left");

        LineConnection shy = connect();
        shy.close(); // leaves before even choosing a name

        join("carol").send("hello?");
        screen.awaitLine("carol: hello?");
    }

    @Test
    @Points(2)
    @DisplayName("a second client waits until the first one leaves")
    void secondClientWaits() {
        LineConnection alice = join("alice");
        LineConnection bob = connect();
        bob.send("bob");
        keyboard.type("only for alice");
        assertThat(next(alice, "the operator's line")).as("what the first client received")
                .isEqualTo("MSG operator only for alice");
        alice.send("{quit}");
        assertThat(next(bob, "the answer to the second client's name, once the first left"))
                .as("the first line the waiting client received, once the first client left")
                .isEqualTo("WELCOME bob");
        keyboard.type("now for bob");
        assertThat(next(bob, "the operator's line")).as("what the second client received")
                .isEqualTo("MSG operator now for bob");
    }

    @Test
    @Points(1)
    @DisplayName("a line over 4096 bytes gets ERROR LINE_TOO_LONG and a disconnect")
    void refusesTooLongLines() {
        LineConnection alice = join("alice");
        alice.send("x".repeat(5000));
        assertThat(next(alice, "the answer to a line of 5000 bytes"))
                .as("the answer to a line of 5000 bytes")
                .startsWith("ERROR LINE_TOO_LONG");
        assertClosedByServer(alice, "after a line that is too long");
        join("bob");
    }

    @Test
    @Points(2)
    @DisplayName("close() sends SHUTDOWN, closes the client, ends serve() and frees the port")
    void closeShutsDown() throws IOException {
        LineConnection alice = join("alice");
        int port = server.port();
        server.close();
        assertThat(next(alice, "the shutdown notice")).as("what the client received when the server closed")
                .isEqualTo("SHUTDOWN");
        assertClosedByServer(alice, "when the server shuts down");
        assertThat(serving.endsWithin(Waits.WAIT)).as("serve() should end after close(), but %s",
                serving.describe()).isTrue();
        assertThat(serving.failure()).as("what serve() threw after close(): closing is a normal end").isNull();
        try (ServerSocket samePort = new ServerSocket(port)) {
            assertThat(samePort.getLocalPort()).isEqualTo(port);
        } catch (IOException stillTaken) {
            throw new AssertionError("after close() port " + port + " is still taken: " + stillTaken.getMessage());
        }
    }
}

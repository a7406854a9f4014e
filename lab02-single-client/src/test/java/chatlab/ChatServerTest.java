package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.LineConnection;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-to-one chat server (handout steps 2 to 5), driven through a socket and a fake console. */
class ChatServerTest {

    private ChatFixture chat;
    private Keyboard keyboard;
    private Screen screen;

    @BeforeEach
    void startServer() throws IOException {
        chat = new ChatFixture();
        keyboard = chat.keyboard;
        screen = chat.screen;
    }

    @AfterEach
    void stopServer() {
        chat.close();
    }

    // ---- Step 2: serve() and the name ----------------------------------------------------------

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("welcomes a client with a valid name")
    void welcomesAValidName() {
        chat.join("alice");
        screen.awaitLine("* alice joined");
    }

    @Test
    @Step(2)
    @Points(2)
    @DisplayName("refuses invalid names, then accepts a valid one on the same connection")
    void refusesInvalidNames() {
        LineConnection client = chat.connect();
        for (String bad : List.of("", "al ice", "a".repeat(21), "bob!", "   ")) {
            client.send(bad);
            assertThat(chat.next(client, "the answer to the name \"" + bad + "\""))
                    .as("the answer to the invalid name \"%s\"", bad)
                    .startsWith("REFUSED NAME_INVALID ");
        }
        client.send("Zoë_ō2");
        assertThat(chat.next(client, "the answer to the name Zoë_ō2"))
                .as("the answer to the valid name Zoë_ō2 (UTF-8) after five refused ones")
                .isEqualTo("WELCOME Zoë_ō2");
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("{quit} instead of a name closes the connection, and the next client is served")
    void quitInsteadOfAName() {
        LineConnection shy = chat.connect();
        shy.send("{quit}");
        assertThat(chat.next(shy, "the end of the connection after {quit} instead of a name"))
                .as("what the client received after sending {quit} instead of a name: {quit} is not a name"
                        + " to refuse, it ends the session (the connection closes, no line is sent)")
                .isNull();
        chat.join("bob");
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("a client that leaves before choosing a name frees the server for the next one")
    void clientLeavingBeforeItsName() {
        chat.connect().close(); // a clean end of stream: readLine() returns null
        LineConnection refused = chat.connect();
        refused.send("not a name!");
        assertThat(chat.next(refused, "the answer to the name \"not a name!\"")).startsWith("REFUSED NAME_INVALID ");
        refused.reset(); // gone for good, without a word: the next read fails
        chat.join("carol");
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("a name line over 4096 bytes gets ERROR LINE_TOO_LONG and a disconnect")
    void refusesTooLongNames() {
        LineConnection client = chat.connect();
        client.send("n".repeat(5000));
        assertThat(chat.next(client, "the answer to a name line of 5000 bytes"))
                .as("the answer to a name line of 5000 bytes (PROTOCOL.md §1: every line has the same limit)")
                .startsWith("ERROR LINE_TOO_LONG ");
        chat.assertClosedByServer(client, "after a name line that is too long");
        chat.join("bob");
    }

    // ---- Step 3: the client's lines ------------------------------------------------------------

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("shows the client's messages (UTF-8, \\n or \\r\\n) on the console, while the operator says nothing")
    void showsTheClientsMessages() {
        LineConnection alice = chat.join("alice");
        List<String> lines = List.of("ciao, è già l'una? 🙂 Ōsaka", "second line", "third line");
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
    @Step(3)
    @Points(1)
    @DisplayName("ignores empty and blank lines from the client")
    void ignoresBlankLinesFromTheClient() {
        LineConnection alice = chat.join("alice");
        alice.send("");
        alice.send("   ");
        alice.send("\t \t");
        alice.send("after the blank lines");
        screen.awaitLine("alice: after the blank lines");
        assertThat(screen.lines()).as("the console, after the client sent an empty and two blank lines")
                .noneMatch(line -> line.startsWith("alice:") && line.substring("alice:".length()).isBlank());
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("{quit} from the client closes its connection, and the next client is served")
    void clientQuitEndsTheChat() {
        LineConnection alice = chat.join("alice");
        alice.send("{quit}");
        chat.assertClosedByServer(alice, "after it sent {quit}");
        screen.awaitLine("* alice left");
        chat.join("bob");
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("a client that vanishes without {quit} frees the server for the next one")
    void survivesVanishingClients() {
        LineConnection alice = chat.join("alice");
        alice.send("I am about to crash");
        alice.reset(); // the server's next read fails with "connection reset"
        screen.awaitLine("* alice left");

        LineConnection bob = chat.join("bob");
        bob.close(); // a clean end of stream, without {quit}: readLine() returns null
        screen.awaitLine("* bob left");

        chat.join("carol").send("hello?");
        screen.awaitLine("carol: hello?");
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("a second client waits until the first one leaves")
    void secondClientWaits() {
        LineConnection alice = chat.join("alice");
        LineConnection bob = chat.connect();
        bob.send("bob");
        alice.send("are you still there?");
        screen.awaitLine("alice: are you still there?");
        assertNothingComes(bob, "while the first client was chatting, the second one received %s: this server"
                + " serves one client at a time, the next one waits in the queue until the first leaves");
        alice.send("{quit}");
        assertThat(chat.next(bob, "the answer to the second client's name, once the first left"))
                .as("the first line the waiting client received, once the first client left")
                .isEqualTo("WELCOME bob");
    }

    /** Fails if a line or the end of the connection comes within 300 ms. */
    private static void assertNothingComes(LineConnection client, String problem) {
        String early;
        try {
            early = client.readLine(Duration.ofMillis(300));
        } catch (AssertionError silence) {
            return; // nothing came, as it should
        }
        throw new AssertionError(problem.formatted(early == null ? "the end of its connection" : "\"" + early + "\""));
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a message over 4096 bytes gets ERROR LINE_TOO_LONG and a disconnect")
    void refusesTooLongLines() {
        LineConnection alice = chat.join("alice");
        alice.send("x".repeat(5000));
        assertThat(chat.next(alice, "the answer to a line of 5000 bytes"))
                .as("the answer to a line of 5000 bytes")
                .startsWith("ERROR LINE_TOO_LONG ");
        chat.assertClosedByServer(alice, "after a line that is too long");
        screen.awaitLine("* alice left");
        chat.join("bob");
    }

    // ---- Step 4: the operator thread -----------------------------------------------------------

    /** The next line for the client, from the operator; the hint names the step that sends it. */
    private String fromOperator(LineConnection client, String what) {
        return chat.next(client, what + " (sent by the operator thread of Step 4: does serve() start it?)");
    }

    @Test
    @Step(4)
    @Points(2)
    @DisplayName("sends the operator's lines to the client, while the client says nothing")
    void sendsTheOperatorsLines() {
        LineConnection alice = chat.join("alice");
        List<String> lines = List.of("hello alice, è così 👋 ō", "how are you?", "still there?");
        lines.forEach(keyboard::type);
        for (String line : lines) {
            assertThat(fromOperator(alice, "the operator's line \"" + line + "\""))
                    .as("what the client received after the operator typed \"%s\"", line)
                    .isEqualTo("MSG operator " + line);
        }
    }

    @Test
    @Step(4)
    @Points(2)
    @DisplayName("carries both directions at the same time")
    void carriesBothDirectionsAtOnce() {
        LineConnection alice = chat.join("alice");
        for (int i = 1; i <= 20; i++) {
            alice.send("from alice " + i);
            keyboard.type("from the operator " + i);
        }
        for (int i = 1; i <= 20; i++) {
            assertThat(fromOperator(alice, "the operator's line number " + i))
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
    @Step(4)
    @Points(1)
    @DisplayName("ignores empty and blank lines from the operator")
    void ignoresBlankOperatorLines() {
        LineConnection alice = chat.join("alice");
        keyboard.type("");
        keyboard.type("   ");
        keyboard.type("\t");
        keyboard.type("after the blank lines");
        assertThat(fromOperator(alice, "the operator's line")).as("what the client received after the operator"
                + " typed an empty and two blank lines, then a line").isEqualTo("MSG operator after the blank lines");
    }

    @Test
    @Step(4)
    @Points(2)
    @DisplayName("{quit} from the operator tells the client and closes its connection")
    void operatorQuitEndsTheChat() {
        LineConnection alice = chat.join("alice");
        keyboard.type("{quit}");
        assertThat(fromOperator(alice, "the notice that the operator left"))
                .as("what the client received after the operator typed {quit}")
                .isEqualTo("LEFT operator quit");
        chat.assertClosedByServer(alice, "after the operator typed {quit}");
        chat.join("bob");
    }

    @Test
    @Step(4)
    @Points(1)
    @DisplayName("the operator's lines go to the next client once the first has left")
    void operatorTalksToTheNextClient() {
        LineConnection alice = chat.join("alice");
        keyboard.type("only for alice");
        assertThat(fromOperator(alice, "the operator's line")).isEqualTo("MSG operator only for alice");
        alice.send("{quit}");
        screen.awaitLine("* alice left");
        LineConnection bob = chat.join("bob");
        keyboard.type("now for bob");
        assertThat(fromOperator(bob, "the operator's line")).as("what the second client received")
                .isEqualTo("MSG operator now for bob");
    }

    // ---- Step 5: close() -----------------------------------------------------------------------

    @Test
    @Step(5)
    @Points(2)
    @DisplayName("close() sends SHUTDOWN, closes the client, ends serve() and frees the port")
    void closeShutsDown() throws IOException {
        LineConnection alice = chat.join("alice");
        int port = chat.server.port();
        chat.server.close(); // serve() may end at once: read the notice directly, not via chat.next
        assertThat(alice.readLine(Waits.WAIT)).as("what the client received when the server closed")
                .isEqualTo("SHUTDOWN");
        chat.assertClosedByServer(alice, "when the server shuts down");
        assertServeEnded();
        try (ServerSocket samePort = new ServerSocket(port)) {
            assertThat(samePort.getLocalPort()).isEqualTo(port);
        } catch (IOException stillTaken) {
            throw new AssertionError("after close() port " + port + " is still taken: " + stillTaken.getMessage());
        }
    }

    @Test
    @Step(5)
    @Points(1)
    @DisplayName("close() also sends SHUTDOWN to a client still choosing its name")
    void closeTellsAClientChoosingItsName() throws IOException {
        LineConnection client = chat.connect();
        client.send("not a name!");
        assertThat(chat.next(client, "the answer to the name \"not a name!\"")).startsWith("REFUSED NAME_INVALID ");
        chat.server.close();
        String what = "SHUTDOWN for a client still choosing its name (PROTOCOL.md §7: close() tells every"
                + " connection, welcomed or not)";
        assertThat(chat.next(client, what)).as(what).isEqualTo("SHUTDOWN");
        chat.assertClosedByServer(client, "when the server shuts down");
        assertServeEnded();
    }

    private void assertServeEnded() {
        assertThat(chat.serving.endsWithin(Waits.WAIT)).as("serve() should end after close(), but %s",
                chat.serving.describe()).isTrue();
        assertThat(chat.serving.failure()).as("what serve() threw after close(): closing is a normal end").isNull();
    }
}

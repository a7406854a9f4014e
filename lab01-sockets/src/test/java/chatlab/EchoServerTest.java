package chatlab;

import chatlab.grading.Points;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCP echo server (handout steps 1 to 4), driven through a real socket. */
@Order(1) // the score table lists the test classes in the handout's order
class EchoServerTest {

    private EchoServer server;
    private Background serving;

    @BeforeEach
    void startServer() throws IOException {
        server = new EchoServer(0);
        serving = Background.start("EchoServer.serve", server::serve);
    }

    @AfterEach
    void stopServer() {
        try {
            server.close();
        } catch (Exception ignored) {
            // only the close() test grades close()
        }
    }

    /** Sends one line and checks that it comes back unchanged. */
    private void assertEchoes(LineConnection client, String line) {
        client.send(line);
        assertThat(reply(client)).as("the server's reply to the line \"%s\"", abbreviate(line)).isEqualTo(line);
    }

    /** The server's next line; if none comes, the failure also tells whether serve() is still running. */
    private String reply(LineConnection client) {
        try {
            return client.readLine();
        } catch (AssertionError silence) {
            throw new AssertionError(serving.hasEnded()
                    ? "no reply, because serve() has already ended (" + serving.describe() + "): it must go on"
                    + " accepting clients until close() is called"
                    : silence.getMessage());
        }
    }

    @Test
    @Points(1)
    @DisplayName("port() reports the real port when created with port 0")
    void reportsTheRealPort() {
        assertThat(server.port()).as("port() of a server created with port 0").isBetween(1, 65535);
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "ping");
        }
    }

    @Test
    @Points(2)
    @DisplayName("echoes one line back")
    void echoesOneLine() {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "hello, server");
        }
    }

    @Test
    @Points(2)
    @DisplayName("echoes many lines, in order")
    void echoesManyLinesInOrder() {
        try (LineConnection client = LineConnection.open(server.port())) {
            List<String> sent = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                sent.add("line number " + i);
                client.send("line number " + i);
            }
            List<String> received = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                received.add(reply(client));
            }
            assertThat(received).as("the replies to 50 lines sent in a row").containsExactlyElementsOf(sent);
        }
    }

    @Test
    @Points(2)
    @DisplayName("keeps accents and emoji intact (UTF-8 both ways)")
    void keepsUtf8Intact() {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "perché è già così, Jürgen? 🙂👋");
        }
    }

    @Test
    @Points(1)
    @DisplayName("echoes a long line of multi-byte characters whole")
    void echoesALongLine() {
        // 60 KB: bigger than any buffer, so characters get split between reads.
        String line = "àèìòù🙂".repeat(6_000);
        try (LineConnection client = LineConnection.open(server.port())) {
            client.send(line);
            String reply = reply(client);
            assertThat(line.equals(reply))
                    .as("the reply to a line of %d characters should be the same line, but it was %s",
                            line.length(), reply == null ? "nothing" : abbreviate(reply))
                    .isTrue();
        }
    }

    @Test
    @Points(1)
    @DisplayName("echoes an empty line, and goes on after it")
    void echoesAnEmptyLine() {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "");
            assertEchoes(client, "still here");
        }
    }

    @Test
    @Points(1)
    @DisplayName("treats a line that arrives in pieces as one line")
    void joinsAPieceMealLine() {
        try (LineConnection client = LineConnection.open(server.port())) {
            client.sendRaw("hel".getBytes(StandardCharsets.UTF_8));
            client.sendRaw("lo wor".getBytes(StandardCharsets.UTF_8));
            client.sendRaw("ld\n".getBytes(StandardCharsets.UTF_8));
            assertThat(reply(client)).as("the reply to 'hello world' sent in three pieces").isEqualTo("hello world");
        }
    }

    @Test
    @Points(2)
    @DisplayName("serves clients one after another")
    void servesClientsOneAfterAnother() {
        for (String name : List.of("first", "second", "third")) {
            try (LineConnection client = LineConnection.open(server.port())) {
                assertEchoes(client, "hello from the " + name + " client");
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("goes on serving after a client vanishes mid-line or without reading")
    void survivesBrokenClients() {
        LineConnection vanishing = LineConnection.open(server.port());
        vanishing.sendRaw("half a li".getBytes(StandardCharsets.UTF_8));
        vanishing.reset(); // the server's next read fails with "connection reset"

        LineConnection impatient = LineConnection.open(server.port());
        impatient.send("a line whose echo nobody reads");
        impatient.reset();

        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "is anybody there?");
        }
    }

    @Test
    @Points(2)
    @DisplayName("close() ends serve() and frees the port")
    void closeFreesThePort() throws IOException {
        int port = server.port();
        server.close();
        assertThat(serving.endsWithin(Duration.ofSeconds(3)))
                .as("serve() should end soon after close(), but %s", serving.describe())
                .isTrue();
        try (ServerSocket sameport = new ServerSocket(port)) {
            assertThat(sameport.getLocalPort()).as("a new server on the freed port").isEqualTo(port);
        } catch (IOException stillTaken) {
            throw new AssertionError("after close() port " + port + " is still taken: " + stillTaken.getMessage());
        }
    }

    @Test
    @Points(1)
    @DisplayName("serve() returns quietly after close(), without an exception")
    void serveReturnsQuietlyAfterClose() throws IOException {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "before closing");
        }
        server.close();
        assertThat(serving.endsWithin(Duration.ofSeconds(3))).as("serve() ended after close()").isTrue();
        if (serving.failure() != null) {
            throw new AssertionError("after close(), serve() threw " + serving.failure()
                    + ": closing is the normal end of a server, so serve() should return quietly");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length() + " characters)";
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
        closeQuietly(server);
    }

    /** Only the close() tests grade close(); the others must not depend on step 4. */
    private static void closeQuietly(EchoServer server) {
        try {
            server.close();
        } catch (Exception ignored) {
            // graded elsewhere
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
    @Step(1)
    @Points(1)
    @DisplayName("port() reports the real port when created with port 0, and it is taken")
    void reportsTheRealPort() {
        int port = server.port();
        assertThat(port).as("port() of a server created with port 0").isBetween(1, 65535);
        try (ServerSocket samePort = new ServerSocket(port)) {
            throw new AssertionError("port() says " + port + ", but a new ServerSocket could bind that port: the"
                    + " constructor should bind its own ServerSocket, and port() return that socket's getLocalPort()");
        } catch (BindException taken) {
            // as it should be: the server holds the port
        } catch (IOException e) {
            throw new AssertionError("could not check port " + port + ": " + e.getMessage(), e);
        }
    }

    @Test
    @Step(1)
    @Points(1)
    @DisplayName("listens on the port it is given, from the constructor on")
    void listensOnTheGivenPort() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        EchoServer other = new EchoServer(freePort);
        try (Socket client = new Socket()) {
            assertThat(other.port()).as("port() of a server created with port %d", freePort).isEqualTo(freePort);
            // The operating system queues the connection even before anyone calls accept().
            client.connect(new InetSocketAddress("127.0.0.1", freePort), 3_000);
        } catch (IOException e) {
            throw new AssertionError("a server created with port " + freePort + " should listen there at once,"
                    + " before serve() is called, but: " + e, e);
        } finally {
            closeQuietly(other); // close() is step 4: this step-1 test must not depend on it
        }
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("accepts a client and closes the connection once the client has hung up")
    void closesTheClientsConnection() {
        try (LineConnection client = LineConnection.open(server.port())) {
            client.halfClose(); // "I am done sending": the server reads the end of the stream
            assertThat(client.closedByServerWithin(Duration.ofSeconds(3)))
                    .as("after the client hung up, the server should close its socket (try-with-resources) and"
                            + " go back to accept() (serve(): %s)", serving.describe())
                    .isTrue();
        }
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("echoes one line back")
    void echoesOneLine() {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "hello, server");
        }
    }

    @Test
    @Step(3)
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
    @Step(3)
    @Points(2)
    @DisplayName("keeps accents and emoji intact (UTF-8 both ways)")
    void keepsUtf8Intact() {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "perché è già così, Jürgen? 🙂👋");
        }
    }

    @Test
    @Step(3)
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
    @Step(3)
    @Points(1)
    @DisplayName("echoes an empty line, and goes on after it")
    void echoesAnEmptyLine() {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "");
            assertEchoes(client, "still here");
        }
    }

    @Test
    @Step(3)
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
    @Step(3)
    @Points(1)
    @DisplayName("echoes spaces and tabs exactly, at both ends too")
    void keepsSpaces() {
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "  two spaces before, a tab after\t");
            assertEchoes(client, "   ");
        }
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("a client that hangs up after sending still gets every echo, then the end of the connection")
    void answersAHalfClosedClient() {
        try (LineConnection client = LineConnection.open(server.port())) {
            client.sendRaw("first\nsecond\nthird\n".getBytes(StandardCharsets.UTF_8));
            client.halfClose(); // like Ctrl+D in nc: no more lines, but the client still reads
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                received.add(reply(client));
            }
            assertThat(received).as("the replies to 3 lines sent just before the client hung up")
                    .containsExactly("first", "second", "third");
            String after;
            try {
                after = client.readLine();
            } catch (AssertionError noEnd) {
                throw new AssertionError("after the 3 echoes the connection stayed open: when readLine() returns null"
                        + " (the client hung up), leave the loop and close the client's socket; serve() "
                        + serving.describe() + " (" + noEnd.getMessage() + ")");
            }
            assertThat(after).as("what came after the 3 echoes: the server should stop when readLine() returns"
                    + " null (end of stream) and close the connection, not write anything more").isNull();
        }
    }

    @Test
    @Step(3)
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
    @Step(3)
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
    @Step(4)
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
    @Step(4)
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

    @Test
    @Step(4)
    @Points(1)
    @DisplayName("close() works also if serve() was never called")
    void closeWithoutServe() throws IOException {
        EchoServer idle = new EchoServer(0);
        int port = idle.port();
        idle.close();
        try (ServerSocket samePort = new ServerSocket(port)) {
            assertThat(samePort.getLocalPort()).as("a new server on the freed port").isEqualTo(port);
        } catch (IOException stillTaken) {
            throw new AssertionError("after close() of a server that never served, port " + port
                    + " is still taken: " + stillTaken.getMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length() + " characters)";
    }
}

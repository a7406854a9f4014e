package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Teacher-only tests of the TCP echo client (handout step 5). */
@Step(5)
class EchoClientHiddenTest {

    private static String sendTo(FakeTcpServer server, String host, String line) throws IOException {
        try (EchoClient client = new EchoClient(host, server.port())) {
            return FakeTcpServer.awaitReply(() -> client.send(line));
        }
    }

    @Test
    @Points(1)
    @DisplayName("client: send() returns null when the server hangs up instead of answering")
    void nullWhenTheServerHangsUp() throws IOException {
        try (FakeTcpServer server = new FakeTcpServer(null, line -> null)) {
            assertThat(sendTo(server, "127.0.0.1", "anyone?"))
                    .as("send() when the server closed the connection instead of answering: readLine() returns"
                            + " null, and send() should return it as it is")
                    .isNull();
        }
    }

    @Test
    @Points(1)
    @DisplayName("client: returns long replies and replies with spaces exactly")
    void returnsRepliesExactly() throws IOException {
        String longReply = "ōkami 🙂 ".repeat(20_000); // 220 KB: more than one read() brings
        for (String reply : new String[] {"  spaces around, and a tab\t", "", longReply}) {
            try (FakeTcpServer server = new FakeTcpServer(null, line -> reply)) {
                String returned = sendTo(server, "127.0.0.1", "hello");
                assertThat(reply.equals(returned))
                        .as("send() should return the server's reply exactly, here %d characters \"%s\", but it"
                                        + " returned %s", reply.length(), abbreviate(reply),
                                returned == null ? "null" : returned.length() + " characters \"" + abbreviate(returned) + "\"")
                        .isTrue();
            }
        }
    }

    @Test
    @Points(1)
    @DisplayName("client: sends an empty line too")
    void sendsAnEmptyLine() throws IOException {
        try (FakeTcpServer server = new FakeTcpServer()) {
            assertThat(sendTo(server, "127.0.0.1", "")).as("the reply to send(\"\"): the server answers \"got: \"")
                    .isEqualTo("got: ");
        }
    }

    @Test
    @Points(1)
    @DisplayName("client: connects to the host it is given")
    void connectsToTheGivenHost() throws IOException {
        String other = HiddenChecks.otherLocalAddress();
        // This server listens on that address only: a client that always uses "localhost" misses it.
        try (FakeTcpServer server = new FakeTcpServer(InetAddress.getByName(other), line -> "got: " + line)) {
            assertThat(sendTo(server, other, "there?")).as("the reply from the server at %s", other).isEqualTo("got: there?");
        }
    }

    @Test
    @Points(1)
    @DisplayName("client: the constructor throws an IOException when nobody listens or the host is unknown")
    void failsLoudlyWhenItCannotConnect() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        assertThrows(IOException.class, () -> new EchoClient("127.0.0.1", freePort).close(),
                "new EchoClient(...) to a port where nobody listens should throw the IOException"
                        + " (ConnectException), not catch it: the caller must know there is no connection");
        assertThrows(IOException.class, () -> new EchoClient("no-such-host.invalid", 12345).close(),
                "new EchoClient(\"no-such-host.invalid\", ...) should throw the IOException (UnknownHostException)");
    }

    @Test
    @Points(1)
    @DisplayName("client: close() releases the socket (200 clients opened and closed leak nothing)")
    void leaksNoSockets() throws IOException {
        try (ServerSocket listener = new ServerSocket(0)) {
            AtomicBoolean stop = new AtomicBoolean();
            Background accepting = Background.start("accept and hang up", () -> {
                while (!stop.get()) {
                    listener.accept().close();
                }
            });
            churn(listener.getLocalPort(), 10, null);
            HiddenChecks.FdWatch watch = new HiddenChecks.FdWatch();
            churn(listener.getLocalPort(), 200, watch);
            stop.set(true);
            assertThat(accepting.hasEnded()).as("the test's own listener is still accepting").isFalse();
            assertThat(watch.growth())
                    .as("file descriptors this JVM held more while 200 EchoClients were opened and closed:"
                            + " close() should close the Socket itself")
                    .isLessThan(40);
        }
    }

    private static void churn(int port, int clients, HiddenChecks.FdWatch watch) throws IOException {
        for (int i = 0; i < clients; i++) {
            new EchoClient("127.0.0.1", port).close();
            if (watch != null && i % 10 == 9) {
                watch.sample();
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}

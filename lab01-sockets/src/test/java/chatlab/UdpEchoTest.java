package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.Silence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.BindException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The UDP echo server and client (handout steps 6 to 8). */
@Order(3) // the score table lists the test classes in the handout's order
class UdpEchoTest {

    private static final int WAIT_MS = 3_000;

    /** A test's own UDP socket, to talk to the student's server datagram by datagram. */
    private static DatagramSocket testSocket() throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(WAIT_MS);
        return socket;
    }

    private static void sendTo(DatagramSocket socket, int port, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram, waiting {@link Silence#replyWait()}: 3 s, or less once this run's code left a reply unsent. */
    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
        Duration wait = Silence.replyWait();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            Silence.witness(wait);
            throw new AssertionError("no datagram came back within " + wait.toMillis() + " ms" + Silence.shortened(wait)
                    + ": does the server send its reply to the address and port the request came from?");
        }
        Silence.heard();
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    @Step(6)
    @Points(1)
    @DisplayName("UDP server: binds the port at once, port() reports it, close() frees it")
    void serverBindsAndFreesThePort() throws IOException {
        UdpEchoServer server = new UdpEchoServer(0);
        int port = server.port();
        assertThat(port).as("port() of a UDP server created with port 0").isBetween(1, 65535);
        try (DatagramSocket samePort = new DatagramSocket(port)) {
            throw new AssertionError("port() says " + port + ", but a new DatagramSocket could bind that port: the"
                    + " constructor should bind its own DatagramSocket, and port() return its getLocalPort()");
        } catch (BindException taken) {
            // as it should be: the server holds the port
        }
        server.close();
        try (DatagramSocket samePort = new DatagramSocket(port)) {
            assertThat(samePort.getLocalPort()).isEqualTo(port);
        } catch (IOException stillTaken) {
            throw new AssertionError("after close() UDP port " + port + " is still taken: " + stillTaken.getMessage());
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: echoes a datagram back to its sender")
    void serverEchoes() throws IOException {
        try (UdpEchoServer server = new UdpEchoServer(0); DatagramSocket client = testSocket()) {
            Background.start("UdpEchoServer.serve", server::serve);
            sendTo(client, server.port(), "ciao UDP 🙂");
            assertThat(receive(client)).as("the datagram that came back").isEqualTo("ciao UDP 🙂");
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: answers each sender at its own address")
    void serverAnswersEachSender() throws IOException {
        try (UdpEchoServer server = new UdpEchoServer(0);
             DatagramSocket alice = testSocket(); DatagramSocket bob = testSocket()) {
            Background.start("UdpEchoServer.serve", server::serve);
            sendTo(alice, server.port(), "from alice");
            sendTo(bob, server.port(), "from bob");
            assertThat(receive(bob)).as("what bob's socket received").isEqualTo("from bob");
            assertThat(receive(alice)).as("what alice's socket received").isEqualTo("from alice");
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: each reply has exactly its datagram's length")
    void serverKeepsDatagramLengths() throws IOException {
        try (UdpEchoServer server = new UdpEchoServer(0); DatagramSocket client = testSocket()) {
            Background.start("UdpEchoServer.serve", server::serve);
            for (String message : new String[] {"hi", "a much longer message", "ok", "a much longer message again"}) {
                sendTo(client, server.port(), message);
                assertThat(receive(client))
                        .as("the echo of \"%s\" (leftover bytes or a cut reply mean the packet length is wrong)", message)
                        .isEqualTo(message);
            }
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: close() ends serve()")
    void serverCloses() throws IOException {
        UdpEchoServer server = new UdpEchoServer(0);
        Background serving = Background.start("UdpEchoServer.serve", server::serve);
        try (DatagramSocket client = testSocket()) {
            sendTo(client, server.port(), "before closing");
            assertThat(receive(client)).as("the echo before close()").isEqualTo("before closing");
        }
        server.close();
        assertThat(serving.endsWithin(Duration.ofSeconds(3))).as("serve() ended after close(); %s", serving.describe())
                .isTrue();
        if (serving.failure() != null) {
            throw new AssertionError("after close(), serve() threw " + serving.failure()
                    + ": closing is the normal end of a server, so serve() should return quietly");
        }
    }

    @Test
    @Step(8)
    @Points(2)
    @DisplayName("UDP client: sends UTF-8 and returns the reply")
    void clientRoundTrip() throws IOException {
        try (DatagramSocket fakeServer = testSocket();
             UdpEchoClient client = new UdpEchoClient("localhost", fakeServer.getLocalPort(), Duration.ofSeconds(3))) {
            AtomicReference<String> reply = new AtomicReference<>();
            Background sending = Background.start("UdpEchoClient.send", () -> reply.set(client.send("però 🙂")));

            DatagramPacket request = new DatagramPacket(new byte[70_000], 70_000);
            fakeServer.receive(request);
            String received = new String(request.getData(), 0, request.getLength(), StandardCharsets.UTF_8);
            assertThat(received).as("the datagram the client sent, read as UTF-8").isEqualTo("però 🙂");
            byte[] answer = ("got: " + received).getBytes(StandardCharsets.UTF_8);
            fakeServer.send(new DatagramPacket(answer, answer.length, request.getSocketAddress()));

            assertThat(sending.endsWithin(Duration.ofSeconds(3))).as("send() returned after the reply came").isTrue();
            assertThat(sending.failure()).as("what send() threw").isNull();
            assertThat(reply.get()).as("what send() returned; the server answered \"got: però 🙂\"")
                    .isEqualTo("got: però 🙂");
        }
    }

    @Test
    @Step(8)
    @Points(1)
    @DisplayName("UDP client: gives up with an exception when no reply comes")
    void clientTimesOut() throws IOException {
        try (DatagramSocket silentServer = testSocket();
             UdpEchoClient client = new UdpEchoClient("localhost", silentServer.getLocalPort(), Duration.ofMillis(300))) {
            Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
                try {
                    client.send("is anyone there?");
                    return null;
                } catch (IOException expected) {
                    return expected;
                }
            }, "send() was still waiting after 3 s although the timeout was 300 ms: UDP can lose the reply,"
                    + " so the client must set a receive timeout (setSoTimeout)");
            assertThat(thrown).as("send() to a server that never answers should throw an IOException"
                    + " (a SocketTimeoutException)").isInstanceOf(IOException.class);
        }
    }
}

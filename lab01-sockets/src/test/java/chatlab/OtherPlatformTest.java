package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Your classes on "another computer": a second Java process whose default charset is US-ASCII
 * and whose line separator is "\r\n" (see {@link OtherPlatformJvm}). Text must still travel as
 * UTF-8 and lines must still end with '\n': the handout asks you to name UTF-8 and to write
 * "\n" yourself, and these tests check that you did, on any computer.
 */
@Order(4) // the score table lists the test classes in the handout's order
@Timeout(90) // starting a second JVM can be slow on a busy computer; the waits inside are bounded
class OtherPlatformTest {

    /** Outside Latin-1 and windows-1252 ('ō', the emoji), so no single-byte charset can carry it. */
    private static final String TEXT = "però ōkami 🙂";

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("server: UTF-8 and '\\n' also where the default charset is not UTF-8 and lines end in \\r\\n")
    void serverOnAnotherPlatform() throws IOException {
        try (OtherPlatformJvm child = OtherPlatformJvm.start("your EchoServer", "tcp-server")) {
            int port = Integer.parseInt(child.next("PORT"));
            try (LineConnection client = LineConnection.open(port)) {
                client.send(TEXT);
                assertThat(client.readLine())
                        .as("the echo of \"%s\" from your server running with US-ASCII as default charset: '?' or '\uFFFD'"
                                + " mean a reader or writer without StandardCharsets.UTF_8", TEXT)
                        .isEqualTo(TEXT);
            }
        }
    }

    @Test
    @Step(5)
    @Points(2)
    @DisplayName("client: UTF-8 and '\\n' also where the default charset is not UTF-8 and lines end in \\r\\n")
    void clientOnAnotherPlatform() throws IOException, InterruptedException {
        try (FakeTcpServer server = new FakeTcpServer();
             OtherPlatformJvm child = OtherPlatformJvm.start("your EchoClient", "tcp-client",
                     String.valueOf(server.port()), OtherPlatformJvm.escape(TEXT))) {
            child.awaitLineSentTo(server);
            String reply = child.next("REPLY");
            assertThat(new String(server.received(), StandardCharsets.UTF_8))
                    .as("the bytes your client sent for send(\"%s\"), read as UTF-8, from a JVM whose default charset"
                            + " is US-ASCII and line separator \\r\\n ('?' = no UTF-8 named; \\r = println/newLine)", TEXT)
                    .isEqualTo(TEXT + "\n");
            assertThat(reply).as("what send() returned there; the server answered \"got: %s\" in UTF-8"
                    + " ('?' or '\uFFFD' = the reply was read without StandardCharsets.UTF_8)", TEXT)
                    .isEqualTo("got: " + TEXT);
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: echoes the very same bytes also where the default charset is not UTF-8")
    void udpServerOnAnotherPlatform() throws IOException {
        try (OtherPlatformJvm child = OtherPlatformJvm.start("your UdpEchoServer", "udp-server");
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = Integer.parseInt(child.next("PORT"));
            client.setSoTimeout(5_000);
            byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket reply = new DatagramPacket(new byte[70_000], 70_000);
            try {
                client.receive(reply);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("your UDP server, in a JVM whose default charset is US-ASCII, sent nothing back"
                        + " within 5 s");
            }
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                    .as("the echo of \"%s\" from a JVM whose default charset is US-ASCII: echo the datagram's bytes,"
                            + " or name UTF-8 if you turn them into a String and back", TEXT)
                    .isEqualTo(TEXT);
        }
    }

    private static boolean receivedWithin(DatagramSocket socket, DatagramPacket packet) throws IOException {
        try {
            socket.receive(packet);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    @Step(8)
    @Points(1)
    @DisplayName("UDP client: UTF-8 also where the default charset is not UTF-8")
    void udpClientOnAnotherPlatform() throws IOException {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            try (OtherPlatformJvm child = OtherPlatformJvm.start("your UdpEchoClient", "udp-client",
                    String.valueOf(server.getLocalPort()), OtherPlatformJvm.escape(TEXT))) {
                DatagramPacket request = new DatagramPacket(new byte[70_000], 70_000);
                long deadline = System.nanoTime() + 40_000_000_000L;
                while (!receivedWithin(server, request)) {
                    child.failIfFailed(); // a TODO or another exception: say so at once
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("your UDP client, in a second JVM, sent nothing within 40 s");
                    }
                }
                String received = new String(request.getData(), 0, request.getLength(), StandardCharsets.UTF_8);
                byte[] answer = ("got: " + received).getBytes(StandardCharsets.UTF_8);
                server.send(new DatagramPacket(answer, answer.length, request.getSocketAddress()));
                String reply = child.next("REPLY");
                assertThat(received).as("the datagram your client sent, read as UTF-8, from a JVM whose default charset"
                        + " is US-ASCII ('?' = getBytes() without StandardCharsets.UTF_8)").isEqualTo(TEXT);
                assertThat(reply).as("what send() returned there; the server answered \"got: %s\" in UTF-8"
                        + " ('\uFFFD' = the reply decoded without StandardCharsets.UTF_8)", TEXT).isEqualTo("got: " + TEXT);
            }
        }
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.Silence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Teacher-only tests of the UDP echo pair (handout steps 6 to 8). */
class UdpEchoHiddenTest {

    private static final int WAIT_MS = 3_000;
    /** The largest payload of a UDP datagram over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;

    private static DatagramSocket socketOn(String address) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout(WAIT_MS);
        return socket;
    }

    private static void send(DatagramSocket socket, String host, int port, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(host), port));
    }

    /** The next datagram, waiting {@link Silence#replyWait()}: 3 s, or less once this run's code left a reply unsent. */
    private static DatagramPacket receive(DatagramSocket socket, String what) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
        Duration wait = Silence.replyWait();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            Silence.witness(wait);
            throw new AssertionError("no datagram came back within " + wait.toMillis() + " ms" + Silence.shortened(wait)
                    + ": " + what);
        }
        Silence.heard();
        return packet;
    }

    private static String text(DatagramPacket packet) {
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    /** A text of exactly {@code size} UTF-8 bytes, multi-byte characters included. */
    private static String textOfBytes(int size) {
        String piece = "ō è 🙂 "; // 12 bytes in UTF-8
        int pieceBytes = piece.getBytes(StandardCharsets.UTF_8).length;
        return piece.repeat(size / pieceBytes) + "x".repeat(size % pieceBytes);
    }

    @Test
    @Step(6)
    @Points(1)
    @DisplayName("UDP server: binds the port on every address, not only 127.0.0.1")
    void bindsEveryAddress() throws IOException {
        String other = HiddenChecks.otherLocalAddress();
        try (UdpEchoServer server = new UdpEchoServer(0)) {
            try (DatagramSocket samePort = new DatagramSocket(new InetSocketAddress(other, server.port()))) {
                throw new AssertionError("a test could bind UDP port " + server.port() + " at " + other + " while your"
                        + " server holds it: the server listens on one address only. Create the DatagramSocket"
                        + " with the port alone, so that it receives on every address.");
            } catch (BindException taken) {
                // as it should be
            }
        }
    }

    @Test
    @Step(7)
    @Points(2)
    @DisplayName("UDP server: echoes datagrams of 10 KB and of the largest size (65,507 bytes) whole")
    void echoesBigDatagrams() throws IOException {
        try (UdpEchoServer server = new UdpEchoServer(0); DatagramSocket client = socketOn("127.0.0.1")) {
            Background.start("UdpEchoServer.serve", server::serve);
            for (int size : new int[] {10_000, MAX_DATAGRAM, 3}) {
                byte[] bytes = textOfBytes(size).getBytes(StandardCharsets.UTF_8);
                send(client, "127.0.0.1", server.port(), bytes);
                DatagramPacket reply = receive(client, "the server got a datagram of " + size + " bytes");
                assertThat(reply.getLength()).as("the length of the echo of a datagram of %d bytes: the receive buffer"
                        + " must hold the largest datagram (65,507 bytes), and the reply send getLength() bytes", size)
                        .isEqualTo(size);
                assertThat(text(reply)).as("the echo of a datagram of %d bytes", size).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: echoes spaces and blank datagrams exactly")
    void keepsSpaces() throws IOException {
        try (UdpEchoServer server = new UdpEchoServer(0); DatagramSocket client = socketOn("127.0.0.1")) {
            Background.start("UdpEchoServer.serve", server::serve);
            for (String message : new String[] {"  spaces around  ", " ", "tab\t\n"}) {
                send(client, "127.0.0.1", server.port(), message.getBytes(StandardCharsets.UTF_8));
                assertThat(text(receive(client, "the server got \"" + message + "\"")))
                        .as("the echo of \"%s\" (no trim(), no strip())", message).isEqualTo(message);
            }
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: the echo comes back from the port the client wrote to")
    void repliesFromItsOwnPort() throws IOException {
        try (UdpEchoServer server = new UdpEchoServer(0); DatagramSocket client = socketOn("127.0.0.1")) {
            Background.start("UdpEchoServer.serve", server::serve);
            send(client, "127.0.0.1", server.port(), "who answers?".getBytes(StandardCharsets.UTF_8));
            DatagramPacket reply = receive(client, "the server got \"who answers?\"");
            assertThat(reply.getPort()).as("the port the echo came from: the server must answer through its own"
                    + " socket (socket.send), so that the reply comes from the port the client wrote to; a client"
                    + " that connect()s its DatagramSocket, or a firewall, drops a reply from any other port")
                    .isEqualTo(server.port());
        }
    }

    @Test
    @Step(7)
    @Points(1)
    @DisplayName("UDP server: answers a sender on another address of the machine")
    void answersAnyAddress() throws IOException {
        String other = HiddenChecks.otherLocalAddress();
        try (UdpEchoServer server = new UdpEchoServer(0); DatagramSocket client = socketOn(other)) {
            Background.start("UdpEchoServer.serve", server::serve);
            send(client, other, server.port(), "from far away".getBytes(StandardCharsets.UTF_8));
            assertThat(text(receive(client, "a datagram sent from " + other + " to " + other + " got no echo: the"
                    + " server must receive on every address and answer request.getSocketAddress(), the sender's"
                    + " own address and port"))).isEqualTo("from far away");
        }
    }

    @Test
    @Step(8)
    @Points(2)
    @DisplayName("UDP client: returns long replies (10 KB, 65,507 bytes) whole, also after short ones")
    void clientReturnsLongReplies() throws IOException {
        try (DatagramSocket fakeServer = socketOn("127.0.0.1");
             UdpEchoClient client = new UdpEchoClient("127.0.0.1", fakeServer.getLocalPort(), Duration.ofSeconds(3))) {
            for (int size : new int[] {2, 10_000, 5, MAX_DATAGRAM}) {
                String reply = textOfBytes(size);
                String returned = exchange(fakeServer, client, "hi", reply);
                assertThat(reply.equals(returned))
                        .as("send() should return the whole reply of %d bytes, but returned %s: receive into a buffer"
                                        + " of 65,507 bytes (UdpEchoServer.MAX_DATAGRAM) and decode getLength() bytes", size,
                                returned == null ? "null" : returned.getBytes(StandardCharsets.UTF_8).length + " bytes")
                        .isTrue();
            }
        }
    }

    @Test
    @Step(8)
    @Points(1)
    @DisplayName("UDP client: returns replies with spaces exactly")
    void clientKeepsSpaces() throws IOException {
        try (DatagramSocket fakeServer = socketOn("127.0.0.1");
             UdpEchoClient client = new UdpEchoClient("127.0.0.1", fakeServer.getLocalPort(), Duration.ofSeconds(3))) {
            for (String reply : new String[] {"  spaced  out  ", " "}) {
                assertThat(exchange(fakeServer, client, "x", reply)).as("what send() returned for the reply \"%s\"", reply)
                        .isEqualTo(reply);
            }
        }
    }

    @Test
    @Step(8)
    @Points(1)
    @DisplayName("UDP client: sends to the host it is given")
    void clientUsesTheGivenHost() throws IOException {
        String other = HiddenChecks.otherLocalAddress();
        try (DatagramSocket fakeServer = socketOn(other);
             UdpEchoClient client = new UdpEchoClient(other, fakeServer.getLocalPort(), Duration.ofSeconds(3))) {
            assertThat(exchange(fakeServer, client, "there?", "here")).as("the reply from the server at %s", other)
                    .isEqualTo("here");
        }
    }

    @Test
    @Step(8)
    @Points(1)
    @DisplayName("UDP client: waits for the reply as long as the timeout it is given")
    void clientWaitsTheWholeTimeout() throws IOException {
        try (DatagramSocket silentServer = socketOn("127.0.0.1");
             UdpEchoClient client = new UdpEchoClient("127.0.0.1", silentServer.getLocalPort(), Duration.ofMillis(1_500))) {
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(6), () -> {
                try {
                    client.send("slow server?");
                } catch (IOException expected) {
                    // the time-out
                }
            }, "send() was still waiting 6 s after it began, with a timeout of 1.5 s");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMs).as("how long send() waited (ms) with a timeout of 1.5 s: use the timeout given"
                    + " to the constructor (timeout.toMillis()), not a number of your own").isGreaterThanOrEqualTo(1_400);
        }
    }

    @Test
    @Step(8)
    @Points(1)
    @DisplayName("UDP client: an unknown host gives an exception, not a silent null")
    void clientUnknownHost() {
        AtomicReference<String> returned = new AtomicReference<>("(nothing)");
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (UdpEchoClient client = new UdpEchoClient("no-such-host.invalid", 12345, Duration.ofMillis(500))) {
                returned.set(client.send("hello?"));
                return null;
            } catch (Exception expected) {
                return expected;
            }
        }, "talking to an unknown host took over 10 s");
        assertThat(thrown).as("the constructor or send() with the host \"no-such-host.invalid\" should throw"
                + " (UnknownHostException or IllegalArgumentException), but send() returned %s", returned.get())
                .isInstanceOfAny(IOException.class, IllegalArgumentException.class);
    }

    @Test
    @Step(8)
    @Points(1)
    @DisplayName("UDP client: close() releases the socket (200 clients opened and closed leak nothing)")
    void clientLeaksNoSockets() throws IOException {
        churn(10, null);
        HiddenChecks.FdWatch watch = new HiddenChecks.FdWatch();
        churn(200, watch);
        assertThat(watch.growth()).as("file descriptors this JVM held more while 200 UdpEchoClients were"
                + " opened and closed: close() should close the DatagramSocket").isLessThan(40);
    }

    private static void churn(int clients, HiddenChecks.FdWatch watch) throws IOException {
        for (int i = 0; i < clients; i++) {
            new UdpEchoClient("127.0.0.1", 9, Duration.ofMillis(100)).close();
            if (watch != null && i % 10 == 9) {
                watch.sample();
            }
        }
    }

    /** Lets the client send {@code message}, answers it with {@code reply}, returns what send() returned. */
    private static String exchange(DatagramSocket fakeServer, UdpEchoClient client, String message, String reply)
            throws IOException {
        AtomicReference<String> returned = new AtomicReference<>();
        Background sending = Background.start("UdpEchoClient.send", () -> returned.set(client.send(message)));
        DatagramPacket request = receive(fakeServer, "the client sent nothing");
        byte[] answer = reply.getBytes(StandardCharsets.UTF_8);
        fakeServer.send(new DatagramPacket(answer, answer.length, request.getSocketAddress()));
        assertThat(sending.endsWithin(Duration.ofSeconds(3))).as("send() returned after the reply came").isTrue();
        assertThat(sending.failure()).as("what send() threw").isNull();
        return returned.get();
    }
}

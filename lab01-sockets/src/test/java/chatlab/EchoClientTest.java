package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCP echo client (handout step 5), against a fake server that answers "got: ...". */
@Order(2) // the score table lists the test classes in the handout's order
@Step(5)
class EchoClientTest {

    private FakeTcpServer fakeServer;

    @BeforeEach
    void startFakeServer() throws IOException {
        fakeServer = new FakeTcpServer();
    }

    @AfterEach
    void stopFakeServer() throws IOException {
        fakeServer.close();
    }

    @Test
    @Points(1)
    @DisplayName("client: send() returns the server's reply")
    void sendReturnsTheReply() throws IOException {
        try (EchoClient client = new EchoClient("localhost", fakeServer.port())) {
            String reply = FakeTcpServer.awaitReply(() -> client.send("hello"));
            assertThat(reply).as("what send(\"hello\") returned; the server answered \"got: hello\"")
                    .isEqualTo("got: hello");
        }
    }

    @Test
    @Points(2)
    @DisplayName("client: sends UTF-8 text ended by a newline")
    void sendsUtf8Lines() throws IOException {
        String line = "ciao, perché? 🙂";
        try (EchoClient client = new EchoClient("localhost", fakeServer.port())) {
            FakeTcpServer.awaitReply(() -> client.send(line));
        }
        assertThat(new String(fakeServer.received(), StandardCharsets.UTF_8))
                .as("the bytes the server received, read as UTF-8 (a '?' or 'Ã' means another encoding was used)")
                .isEqualTo(line + "\n");
    }

    @Test
    @Points(1)
    @DisplayName("client: reads the reply as UTF-8")
    void readsUtf8Replies() throws IOException {
        try (EchoClient client = new EchoClient("localhost", fakeServer.port())) {
            String reply = FakeTcpServer.awaitReply(() -> client.send("ōkami è 🙂"));
            assertThat(reply).as("what send() returned; the server answered \"got: ōkami è 🙂\" in UTF-8"
                    + " ('?' or 'Ã' = the reply was read without StandardCharsets.UTF_8)").isEqualTo("got: ōkami è 🙂");
        }
    }

    @Test
    @Points(1)
    @DisplayName("client: many sends get their own replies, in order")
    void manySends() throws IOException {
        try (EchoClient client = new EchoClient("localhost", fakeServer.port())) {
            for (int i = 1; i <= 20; i++) {
                String message = "message " + i;
                assertThat(FakeTcpServer.awaitReply(() -> client.send(message)))
                        .as("the reply to send(\"%s\")", message)
                        .isEqualTo("got: " + message);
            }
        }
    }

    @Test
    @Points(1)
    @DisplayName("client: close() ends the connection")
    void closeEndsTheConnection() throws IOException, InterruptedException {
        EchoClient client = new EchoClient("localhost", fakeServer.port());
        FakeTcpServer.awaitReply(() -> client.send("bye"));
        client.close();
        assertThat(fakeServer.clientClosedWithin(Duration.ofSeconds(3)))
                .as("the server should see the end of the connection after close()")
                .isTrue();
        assertThat(fakeServer.clientSocketGoneWithin(Duration.ofSeconds(3)))
                .as("after close() the client's socket should be closed completely, but it still takes what the"
                        + " server sends: close the Socket itself (shutdownOutput() only hangs up one direction)")
                .isTrue();
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Teacher-only tests of lab 01 (hidden: never in the student edition). They run in the
 * solution's build and in batch grading, and count in the score like the public ones.
 */
class EchoServerHiddenTest {

    private EchoServer server;
    private Background serving;

    @BeforeEach
    void startServer() throws IOException {
        server = new EchoServer(0);
        serving = Background.start("EchoServer.serve", server::serve);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    @Test
    @Points(1)
    @DisplayName("goes on serving after clients that connect and leave without a word")
    void survivesSilentClients() {
        // readLine() returns null at once for these: code that uses the line without checking
        // for null (in.readLine().length(), ...) breaks here.
        for (int i = 0; i < 3; i++) {
            LineConnection.open(server.port()).close();
        }
        try (LineConnection client = LineConnection.open(server.port())) {
            client.send("still serving?");
            assertThat(client.readLine())
                    .as("the reply after three clients left without a word (serve() status: %s)", serving.describe())
                    .isEqualTo("still serving?");
        }
    }

    @Test
    @Points(1)
    @DisplayName("echoes a burst of 500 lines sent in one write, none lost or merged")
    void echoesABurst() {
        StringBuilder burst = new StringBuilder();
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            sent.add("burst line " + i);
            burst.append("burst line ").append(i).append('\n');
        }
        try (LineConnection client = LineConnection.open(server.port())) {
            client.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            List<String> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                received.add(client.readLine());
            }
            assertThat(received).as("the replies to 500 lines that arrived in one piece").containsExactlyElementsOf(sent);
        }
    }
}

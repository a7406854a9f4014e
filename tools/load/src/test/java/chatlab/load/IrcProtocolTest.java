package chatlab.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load tool's {@code --protocol irc}, against a small fake IRC server ({@link FakeIrcServer}):
 * what it sends, in which order, and whether it counts what the server relays. (No ngircd needed:
 * docs/BENCHMARKS.md §7 runs it against the real one.) No timing is asserted.
 */
@Timeout(30)
class IrcProtocolTest {

    private static final int CLIENTS = 10;
    private FakeIrcServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeIrcServer();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    @Test
    void registersJoinsSendsAndCountsEveryRelayedMessage() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LoadSettings settings = new LoadSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                CLIENTS, 3, 20, Duration.ZERO, Duration.ofSeconds(1), 64, true, Duration.ofSeconds(10), 0, 0, 0, true);

        LoadReport report = new LoadRun(settings, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(server.wrong).as("lines the fake server did not expect (tool output: %s)", output).isEmpty();
        assertThat(report.clientsConnected).as("clients welcomed once their JOIN #chat was confirmed").isEqualTo(CLIENTS);
        assertThat(server.received).hasSize(CLIENTS);
        server.received.forEach((connection, lines) -> {
            String nick = lines.get(0).strip().substring("NICK ".length());
            assertThat(nick).as("connection %d's nick", connection).matches("lt\\w+_\\d+");
            assertThat(lines.subList(0, 4)).as("connection %d registers (answering the PING), then joins", connection)
                    .containsExactly("NICK " + nick + "\r\n", "USER " + nick + " 0 * :" + nick + "\r\n",
                            "PONG :fake-" + connection + "\r\n", "JOIN #chat\r\n");
            List<String> after = lines.subList(4, lines.size());
            assertThat(after).as("connection %d then only sends to #chat", connection)
                    .allMatch(line -> line.matches("PRIVMSG #chat :LT -?\\d+ \\d+ \\d+ x*\r\n"));
        });
        long privmsgs = server.received.values().stream().mapToLong(lines -> lines.size() - 4).sum();
        assertThat(privmsgs).as("3 senders x 20 msg/s x 1 s").isBetween(50L, 70L);
        assertThat(report.messagesSent).as("messages the tool counts as sent").isEqualTo(privmsgs);
        assertThat(report.deliveriesExpected).as("an IRC server does not echo to the sender: 9 receivers per message")
                .isEqualTo(report.messagesSent * (CLIENTS - 1));
        assertThat(server.copiesOut.get()).as("copies the fake server relayed").isEqualTo(report.deliveriesExpected);
        assertThat(report.deliveriesReceived).as("every relayed copy counted, once").isEqualTo(server.copiesOut.get());
        assertThat(report.latencyMicros.getTotalCount()).isEqualTo(report.deliveriesReceived);
    }
}

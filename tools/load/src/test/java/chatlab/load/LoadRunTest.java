package chatlab.load;

import chatlab.ChatServer;
import chatlab.testkit.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The load tool against the final chat server, small: every count must add up (no timing asserted). */
class LoadRunTest {

    @TempDir
    Path folder;
    private ChatServer server;
    private Background serving;

    @BeforeEach
    void startServer() throws IOException {
        server = new ChatServer(InetAddress.getLoopbackAddress(), 0, folder.resolve("chat_log.txt"), 0);
        serving = Background.start("serve()", server::serve);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        serving.endsWithin(Duration.ofSeconds(5));
    }

    @Test
    void everyMessageReachesEveryClient() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LoadSettings settings = new LoadSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                20, 4, 20, Duration.ZERO, Duration.ofSeconds(1), 64, true, Duration.ofSeconds(5), ProcessHandle.current().pid(), 0, 0, false);

        LoadReport report = new LoadRun(settings, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        assertThat(report.clientsConnected).isEqualTo(20);
        assertThat(report.messagesSent).as("4 senders x 20 msg/s x 1 s").isBetween(70L, 90L);
        assertThat(report.deliveriesExpected).isEqualTo(report.messagesSent * 20);
        assertThat(report.deliveriesReceived).as("no loss").isEqualTo(report.deliveriesExpected);
        assertThat(report.latencyMicros.getTotalCount()).isEqualTo(report.deliveriesReceived);
        assertThat(report.serverRssAfterKb).isPositive();
    }

    @Test
    void refusesOtherMachinesAndNonsense() {
        assertThat(run("--host", "192.0.2.1")).contains("--host must be this machine");
        assertThat(run("--clients", "0")).contains("--clients must be 1-10000");
        assertThat(run("--clients", "5", "--senders", "6")).contains("--senders must be 1-5");
        assertThat(run("--seconds", "1000")).contains("at most 600");
    }

    @Test
    void saysSoWhenNoServerListens() throws IOException {
        int port = server.port();
        server.close();
        serving.endsWithin(Duration.ofSeconds(5));
        String printed = run("--port", String.valueOf(port), "--clients", "3", "--senders", "1", "--seconds", "1",
                "--warmup", "0");
        assertThat(printed).contains("0 of 3 clients in the chat").contains("Connection refused");
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            new CommandLine(new LoadCommand()).setErr(new PrintWriter(err)).execute(args);
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8) + err;
    }
}

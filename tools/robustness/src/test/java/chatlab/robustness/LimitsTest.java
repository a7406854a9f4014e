package chatlab.robustness;

import chatlab.FloodLimit;
import chatlab.Protocol;
import chatlab.ServerLimits;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static chatlab.robustness.RunningServer.WAIT;
import static chatlab.robustness.RunningServer.next;
import static chatlab.robustness.RunningServer.skipTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that take the server's resources without chatting: connections that never send a name
 * (slow-loris), a flood of connections, clients that stop reading.
 */
class LimitsTest {

    private static final Duration NAME_TIMEOUT = Duration.ofMillis(700);

    @TempDir
    Path folder;

    @Test
    void aConnectionWithoutANameIsClosedWhenItsTimeIsUp() throws Exception {
        try (RunningServer chat = new RunningServer(folder.resolve("log.txt"), new ServerLimits(50, NAME_TIMEOUT))) {
            LineConnection alice = chat.join("alice");
            LineConnection silent = chat.connect();
            LineConnection dripping = chat.connect();
            dripping.sendRaw("bo".getBytes(StandardCharsets.UTF_8)); // a name, a byte now and then, never a '\n'
            LineConnection wrongNames = chat.connect();
            wrongNames.send("not a name");
            assertThat(wrongNames.readLine(WAIT)).startsWith("REFUSED NAME_INVALID");
            String timeout = Protocol.nameTimeout(NAME_TIMEOUT);

            dripping.sendRaw("b".getBytes(StandardCharsets.UTF_8));
            wrongNames.send("still not a name");
            assertThat(wrongNames.readLine(WAIT)).startsWith("REFUSED NAME_INVALID");

            for (LineConnection slow : List.of(silent, dripping, wrongNames)) {
                assertThat(slow.readLine(WAIT)).as("what a connection without a name gets when its time is up")
                        .isEqualTo(timeout);
                assertThat(slow.closedByServerWithin(WAIT)).isTrue();
            }
            alice.send("a welcomed client has no time limit");
            assertThat(next(alice)).isEqualTo("MSG alice a welcomed client has no time limit");
            assertThat(chat.server.online()).containsExactly("alice");
        }
    }

    @Test
    void connectionsOverTheMaximumAreRefusedWithAMessage() throws Exception {
        int max = 6;
        try (RunningServer chat = new RunningServer(folder.resolve("log.txt"), new ServerLimits(max, Duration.ofSeconds(30)))) {
            LineConnection first = chat.join("first");
            List<LineConnection> held = new ArrayList<>(List.of(first));
            for (int i = 1; i < max; i++) {
                held.add(i % 2 == 0 ? chat.join("user" + i) : chat.connect()); // named or not, each one counts
            }
            skipTo(first, "JOINED user4");
            List<Socket> flood = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                flood.add(new Socket(InetAddress.getLoopbackAddress(), chat.port()));
            }
            for (Socket excess : flood) {
                excess.setSoTimeout((int) WAIT.toMillis());
                String answer = new String(excess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as("what a connection over the maximum of %d gets", max)
                        .isEqualTo(Protocol.serverFull(max) + "\n");
                excess.close();
            }
            first.send("{quit}");
            assertThat(first.closedByServerWithin(WAIT)).isTrue();
            // Once someone left there is room again (the server may need a moment to see it).
            LineConnection late = null;
            for (long deadline = System.nanoTime() + WAIT.toNanos(); late == null && System.nanoTime() < deadline; ) {
                LineConnection attempt = chat.connect();
                attempt.send("late");
                String answer = attempt.readLine(WAIT);
                if (("WELCOME late").equals(answer)) {
                    late = attempt;
                } else {
                    assertThat(answer).isEqualTo(Protocol.serverFull(max));
                }
            }
            assertThat(late).as("a client gets in once another left").isNotNull();
        }
    }

    @Test
    void clientsThatStopReadingAreDroppedAndTheOthersKeepUp() throws Exception {
        Duration grace = Duration.ofSeconds(1);
        ServerLimits smallQueues = new ServerLimits(50, Duration.ofSeconds(30)).withSendQueue(64 * 1024, grace)
                .withFlood(FloodLimit.NONE);
        try (RunningServer chat = new RunningServer(folder.resolve("log.txt"), smallQueues)) {
            LineConnection talker = chat.join("talker");
            LineConnection watcher = chat.join("watcher");
            List<Socket> stuck = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), chat.port());
                socket.setReceiveBufferSize(4096); // it never reads: its buffers fill up sooner
                socket.getOutputStream().write(("stuck" + i + "\n").getBytes(StandardCharsets.UTF_8));
                stuck.add(socket);
                skipTo(watcher, "JOINED stuck" + i);
            }
            skipTo(talker, "JOINED stuck2");
            String payload = "y".repeat(2000);
            int sent = 0;
            int dropped = 0;
            long start = System.nanoTime();
            while (dropped < 3 && System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
                for (int i = 0; i < 50; i++) {
                    talker.send(sent++ + " " + payload);
                }
                String line;
                // The watcher reads everything as it comes: it must never fall behind the talker.
                while (!(line = next(watcher)).startsWith("MSG talker " + (sent - 1) + " ")) {
                    if (line.matches("LEFT stuck\\d dropped")) {
                        dropped++;
                    }
                }
                while (!next(talker).startsWith("MSG talker " + (sent - 1) + " ")) {
                    // the talker reads its own lines too
                }
                Thread.sleep(20);
            }
            assertThat(dropped).as("stuck clients dropped after %d messages of 2 KB they never read", sent).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("they are dropped once their send queue has"
                    + " stayed over its budget for the grace time of %s", grace).isLessThan(grace.plusSeconds(4));
            assertThat(chat.server.online()).containsExactlyInAnyOrder("talker", "watcher");
            for (Socket socket : stuck) {
                socket.close();
            }
        }
    }
}

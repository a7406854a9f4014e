package chatlab.robustness;

import chatlab.FloodLimit;
import chatlab.Protocol;
import chatlab.ServerLimits;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static chatlab.robustness.RunningServer.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that never choose a name (issue 14, finding 9): one address cannot hold every place,
 * and a name sent at the very instant the name timeout strikes never joins.
 */
class UnnamedConnectionsTest {

    /** PROTOCOL.md §11: connections from one address still choosing a name. */
    private static final int PER_ADDRESS = 50;

    @TempDir
    Path folder;

    @Test
    void oneAddressCannotHoldEveryPlace() throws Exception {
        try (RunningServer chat = new RunningServer(folder); Sockets sockets = new Sockets()) {
            for (int i = 0; i < PER_ADDRESS; i++) {
                sockets.open("127.0.0.1", chat.port());
            }
            Socket excess = sockets.open("127.0.0.1", chat.port());
            assertThat(lineOf(excess)).as("what connection %d without a name from one address gets", PER_ADDRESS + 1)
                    .startsWith("ERROR TOO_MANY_UNNAMED ");
            Socket other = sockets.open("127.0.0.2", chat.port());
            send(other, "carol");
            assertThat(lineOf(other)).as("a connection from another address").isEqualTo("WELCOME carol");
            Socket first = sockets.connections.get(0);
            send(first, "alice"); // one of them names itself: its address has room again
            assertThat(lineOf(first)).isEqualTo("WELCOME alice");
            Socket again = sockets.open("127.0.0.1", chat.port());
            send(again, "bob");
            assertThat(lineOf(again)).isEqualTo("WELCOME bob");
        }
    }

    @Test
    void connectionsStillChoosingANameAreBoundedInAll() throws Exception {
        ServerLimits limits = new ServerLimits(100, Duration.ofSeconds(30)).withUnnamed(6, 2);
        try (RunningServer chat = new RunningServer(folder.resolve("log.txt"), limits); Sockets sockets = new Sockets()) {
            for (int host = 1; host <= 3; host++) {
                sockets.open("127.0.0." + host, chat.port());
                sockets.open("127.0.0." + host, chat.port());
            }
            Socket excess = sockets.open("127.0.0.9", chat.port());
            assertThat(lineOf(excess)).as("a 7th connection without a name, from a fresh address, when 6 are allowed")
                    .startsWith("ERROR TOO_MANY_UNNAMED ");
        }
    }

    @Test
    void aNameSentWhenTheTimeIsUpNeverJoins() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (RunningServer chat = new RunningServer(folder.resolve("log.txt"), new ServerLimits(200, timeout))) {
            LineConnection watcher = chat.join("watcher");
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                for (int round = 0; round < 4; round++) {
                    List<Future<String>> answers = new ArrayList<>();
                    CountDownLatch connected = new CountDownLatch(20);
                    for (int i = 0; i < 20; i++) {
                        String name = "late" + round + "_" + i;
                        long sendAfterNanos = timeout.toNanos() - 20_000_000L + i * 2_000_000L; // from 20 ms before to 18 ms after
                        answers.add(pool.submit(() -> {
                            LineConnection client = chat.connect();
                            long start = System.nanoTime();
                            connected.countDown();
                            while (System.nanoTime() - start < sendAfterNanos) {
                                Thread.onSpinWait();
                            }
                            client.send(name);
                            String answer = client.readLine(WAIT);
                            if (("WELCOME " + name).equals(answer)) {
                                client.send("{quit}"); // room for the next rounds
                            }
                            if (answer != null && answer.startsWith("ERROR NAME_TIMEOUT")) {
                                try {
                                    client.send("I am " + name + " and I should not be here");
                                } catch (AssertionError alreadyClosed) {
                                    // the server closed the connection first: as it should
                                }
                                assertThat(client.closedByServerWithin(WAIT)).isTrue();
                            }
                            return answer;
                        }));
                    }
                    assertThat(connected.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    for (int i = 0; i < answers.size(); i++) {
                        String name = "late" + round + "_" + i;
                        String answer = answers.get(i).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
                        assertThat(answer).as("the answer to %s, sent about when its time was up", name)
                                .isIn("WELCOME " + name, Protocol.nameTimeout(timeout));
                        if (answer.startsWith("ERROR")) {
                            assertThat(chat.server.online()).as("who is online").doesNotContain(name);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            watcher.send("{quit}");
            String line;
            while ((line = watcher.readLine(WAIT)) != null) {
                assertThat(line).as("what the watcher saw").doesNotContain("should not be here");
            }
        }
    }

    /**
     * A connection that tries a taken name again and again (finding 9: 3.2 M attempts from 4
     * connections slowed everyone 4x) is held back like a flooder: its attempts count against the
     * same allowance as messages, and the chat goes on meanwhile.
     */
    @Test
    void nameAttemptsAreHeldBackLikeMessages() throws Exception {
        FloodLimit flood = FloodLimit.DEFAULT;
        try (RunningServer chat = new RunningServer(folder)) {
            LineConnection alice = chat.join("alice");
            LineConnection storm = chat.connect();
            storm.send(String.join("\n", java.util.Collections.nCopies(2_000, "alice")));
            Duration watched = Duration.ofSeconds(2);
            long until = System.nanoTime() + watched.toNanos();
            int answers = 0;
            for (long left = watched.toNanos(); left > 0; left = until - System.nanoTime()) {
                try {
                    if (storm.readLine(Duration.ofNanos(left)) == null) {
                        break;
                    }
                    answers++;
                } catch (AssertionError quietUntilTheEnd) {
                    break;
                }
            }
            int allowed = flood.burstLines() + (int) (flood.linesPerSecond() * (watched.toMillis() / 1000.0 + 1));
            assertThat(answers).as("name attempts answered in %s out of 2,000 sent at once (allowance: a burst of %d,"
                    + " then %d a second)", watched, flood.burstLines(), flood.linesPerSecond())
                    .isPositive().isLessThanOrEqualTo(allowed);
            LineConnection bob = chat.join("bob");
            RunningServer.skipTo(alice, "JOINED bob");
            alice.send("hello while someone storms");
            RunningServer.skipTo(bob, "MSG alice hello while someone storms");
        }
    }

    private static void send(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The next line from the socket, within {@link RunningServer#WAIT}; null at the end of the stream. */
    private static String lineOf(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    /** Sockets from a chosen loopback address (127.0.0.0/8 is this machine), closed at the end. */
    private static final class Sockets implements AutoCloseable {
        final List<Socket> connections = new ArrayList<>();

        Socket open(String from, int port) throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(from), 0);
            connections.add(socket);
            return socket;
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}

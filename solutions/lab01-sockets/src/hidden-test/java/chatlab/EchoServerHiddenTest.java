package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LabThreads;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    void stopServer() {
        closeQuietly(server);
    }

    /** Only the step-4 tests grade close(); the others must not depend on it. */
    private static void closeQuietly(EchoServer server) {
        try {
            server.close();
        } catch (Exception ignored) {
            // graded elsewhere
        }
    }

    private void assertEchoes(LineConnection client, String line, String situation) {
        client.send(line);
        assertThat(client.readLine()).as("the reply to \"%s\" %s (serve() %s)", line, situation, serving.describe())
                .isEqualTo(line);
    }

    @Test
    @Step(1)
    @Points(1)
    @DisplayName("listens on every address of the machine, not only 127.0.0.1")
    void listensOnEveryAddress() {
        String other = HiddenChecks.otherLocalAddress();
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(other, server.port()), 3_000);
        } catch (IOException e) {
            throw new AssertionError("could not connect to the server at " + other + " (also this machine): " + e
                    + ". Create the ServerSocket with the port alone, so that it listens on every address:"
                    + " a classmate's computer must be able to reach it too.");
        }
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("goes on serving after clients that connect and leave without a word")
    void survivesSilentClients() {
        // readLine() returns null at once for these: code that uses the line without checking
        // for null (in.readLine().length(), ...) breaks here.
        for (int i = 0; i < 3; i++) {
            LineConnection.open(server.port()).close();
        }
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "still serving?", "after three clients left without a word");
        }
    }

    @Test
    @Step(3)
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
            client.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            List<String> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                received.add(client.readLine());
            }
            assertThat(received).as("the replies to 500 lines that arrived in one piece").containsExactlyElementsOf(sent);
        }
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("answers a line at once, also when the start of the next line came with it")
    void answersBeforeTheNextLineEnds() {
        // A client may send a line and the start of the next in one packet, then wait for the
        // reply: code that flushes only "when nothing more has arrived" (in.ready()) keeps the
        // reply in its buffer while it waits for the rest of the next line.
        try (LineConnection client = LineConnection.open(server.port())) {
            client.sendRaw("first line\nsecond ".getBytes(StandardCharsets.UTF_8));
            assertThat(client.readLine()).as("the reply to \"first line\", which came in one piece with the start"
                    + " of the next line (flush() after every reply, not only when no more input is ready)")
                    .isEqualTo("first line");
            client.send("line");
            assertThat(client.readLine()).as("the reply to the second line, finished after the first reply came")
                    .isEqualTo("second line");
        }
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("while one client is served, five more can connect and wait their turn")
    void queuesWaitingClients() {
        List<LineConnection> waiting = new ArrayList<>();
        try {
            try (LineConnection first = LineConnection.open(server.port())) {
                assertEchoes(first, "I am being served", "to the first client");
                for (int i = 0; i < 5; i++) {
                    try {
                        waiting.add(LineConnection.open(server.port()));
                    } catch (AssertionError notQueued) {
                        throw new AssertionError("a client could not connect while the first one was being served"
                                + " and " + i + " others were waiting: the operating system should queue it"
                                + " until serve() accepts it. Create the ServerSocket with the port alone: a second"
                                + " argument (the backlog) is the length of that queue, not how many clients are"
                                + " served at once", notQueued);
                    }
                    waiting.get(i).send("waiting " + i);
                }
            }
            for (int i = 0; i < waiting.size(); i++) {
                assertThat(waiting.get(i).readLine()).as("the reply to the client that waited in the queue as number"
                        + " %d, once the clients before it had left", i + 1).isEqualTo("waiting " + i);
                waiting.get(i).close();
            }
        } finally {
            waiting.forEach(LineConnection::close);
        }
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a line whose characters arrive cut in two (a slow network) comes back whole")
    void charactersCutBetweenReads() throws InterruptedException {
        // A network delivers bytes in pieces of any size, so a character of 2-4 bytes may be
        // split between two reads: code that decodes each piece on its own makes U+FFFD of it.
        String line = "x" + "ō€🙂".repeat(2000); // 18 KB: reads of any buffer size end inside a character
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try (LineConnection client = LineConnection.open(server.port())) {
            for (int cut : new int[] {2, 5, 8}) { // inside ō, inside €, inside 🙂
                byte[] first = Arrays.copyOfRange(bytes, 0, cut);
                client.sendRaw(first);
                Thread.sleep(100); // not a synchronisation: a slow network, so that the server reads the piece alone
                client.sendRaw(Arrays.copyOfRange(bytes, cut, bytes.length));
                assertThat(client.readLine()).as("the reply to a line of %d bytes whose first %d bytes came alone,"
                        + " cutting a character in two (decode the bytes of a whole line, e.g. with a BufferedReader"
                        + " over an InputStreamReader in UTF-8, never piece by piece)", bytes.length, cut).isEqualTo(line);
            }
        }
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a line holding U+2028, U+2029 or U+0085 is still one line")
    void unicodeSeparatorsAreNotLineEnds() {
        // Only '\n' ends a line. Scanner.nextLine() also splits at these characters.
        try (LineConnection client = LineConnection.open(server.port())) {
            assertEchoes(client, "one\u2028line\u2029with\u0085separators", "(only '\\n' ends a line)");
        }
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("closes every client's socket, also those that break: no file descriptor leaks")
    void leaksNoSockets() {
        churn(5, null); // warm up: the JVM opens files of its own the first time
        HiddenChecks.FdWatch watch = new HiddenChecks.FdWatch();
        churn(40, watch);
        assertThat(watch.growth())
                .as("file descriptors this JVM held more than before, while 120 clients came and went (40 hung up,"
                        + " 40 reset mid-line, 40 vanished without reading their echo): each client socket must"
                        + " be closed when its client is done, whatever happened (try-with-resources)")
                .isLessThan(20);
    }

    /** {@code rounds} times: a client that hangs up, one that resets mid-line, one that never reads. */
    private void churn(int rounds, HiddenChecks.FdWatch watch) {
        for (int i = 0; i < rounds; i++) {
            // The server takes clients in turn: when this one is answered, all before it are done.
            try (LineConnection polite = LineConnection.open(server.port())) {
                assertEchoes(polite, "round " + i, "from a client among many that come and go");
            }
            if (watch != null) {
                watch.sample();
            }
            LineConnection vanishing = LineConnection.open(server.port());
            vanishing.sendRaw("half a li".getBytes(StandardCharsets.UTF_8));
            vanishing.reset();
            LineConnection impatient = LineConnection.open(server.port());
            impatient.send("nobody reads this echo");
            impatient.reset();
        }
        try (LineConnection last = LineConnection.open(server.port())) {
            assertEchoes(last, "the last one", "after many clients came and went");
        }
    }

    @Test
    @Step(4)
    @Points(1)
    @DisplayName("after close(), no thread is left running the server's code")
    void leavesNoThreads() throws IOException {
        List<String> before = LabThreads.runningLabCode("EchoServer.serve");
        try (EchoServer other = new EchoServer(0)) {
            Background otherServing = Background.start("other EchoServer.serve", other::serve);
            for (int i = 0; i < 3; i++) {
                try (LineConnection client = LineConnection.open(other.port())) {
                    assertEchoes(client, "client " + i, "before close()");
                }
            }
            other.close();
            assertThat(otherServing.endsWithin(Duration.ofSeconds(3))).as("serve() ended after close()").isTrue();
        }
        List<String> left;
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        do {
            left = new ArrayList<>(LabThreads.runningLabCode("EchoServer.serve"));
            left.removeAll(before);
        } while (!left.isEmpty() && System.nanoTime() < deadline && pause());
        assertThat(left).as("threads still running the server's code 3 s after close() and the end of serve()")
                .isEmpty();
    }

    private static boolean pause() {
        try {
            Thread.sleep(50); // polling the set of threads: nothing to synchronise with
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    @Step(4)
    @Points(1)
    @DisplayName("serve() called after close() returns at once")
    void serveAfterClose() throws IOException {
        EchoServer closed = new EchoServer(0);
        closed.close();
        Background late = Background.start("EchoServer.serve after close", closed::serve);
        assertThat(late.endsWithin(Duration.ofSeconds(3)))
                .as("serve() on a server already closed should return at once (accept() on a closed socket"
                        + " throws a SocketException), but %s", late.describe())
                .isTrue();
        assertThat(late.failure()).as("what serve() threw on a closed server: it should return quietly").isNull();
    }
}

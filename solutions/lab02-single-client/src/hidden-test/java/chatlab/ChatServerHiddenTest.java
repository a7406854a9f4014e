package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.LineConnection;
import chatlab.testkit.OpenFiles;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Teacher-only tests of lab 02 (hidden: never in the student edition): the edges and races the
 * public tests leave out. Each race is provoked on purpose (a console that holds the thread that
 * prints, many rounds), so the verdict does not depend on luck.
 */
class ChatServerHiddenTest {

    /** How long the tests of many rounds start new rounds (fewer rounds on a busy machine). */
    private static final Duration ROUNDS_TIME = Duration.ofSeconds(6);

    private ChatFixture chat;

    @BeforeEach
    void startServer() throws IOException {
        chat = new ChatFixture();
    }

    @AfterEach
    void stopServer() {
        chat.close();
    }

    // ---- Step 2 --------------------------------------------------------------------------------

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("names: 20 characters of any script are fine, surrounding blanks are refused, not trimmed")
    void nameEdges() {
        LineConnection client = chat.connect();
        for (String bad : List.of(" alice", "alice ", "alice\t", "a".repeat(20) + "ō", "{quit}x", "ali\u00A0ce")) {
            client.send(bad);
            assertThat(chat.next(client, "the answer to the name \"" + bad + "\""))
                    .as("the answer to the invalid name \"%s\" (the name line is taken as it is: no trimming)", bad)
                    .startsWith("REFUSED NAME_INVALID ");
        }
        String longest = "李".repeat(20); // 20 characters, 60 bytes of UTF-8
        client.send(longest);
        assertThat(chat.next(client, "the answer to a name of 20 Chinese characters"))
                .as("the answer to a name of 20 characters (60 bytes): the limit counts characters")
                .isEqualTo("WELCOME " + longest);
    }

    // ---- Step 3 --------------------------------------------------------------------------------

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a client that half-closes (Ctrl+D in nc) is shown to leave, its connection closed")
    void halfClosedClient() {
        LineConnection alice = chat.join("alice");
        alice.send("last words");
        alice.halfClose(); // the server reads the end of the stream, but alice still listens
        chat.screen.awaitLine("alice: last words");
        chat.screen.awaitLine("* alice left");
        chat.assertClosedByServer(alice, "after the client ended its side of the connection (end of stream)");
        chat.join("bob");
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("messages as typed: spaces around the text kept, ' {quit} ' and '{QUIT}' are messages, not goodbyes")
    void linesAsTyped() {
        // PROTOCOL.md §2-4: a message is the line as it came; only the exact line {quit} ends the chat.
        LineConnection alice = chat.join("alice");
        alice.send("  two  spaces  ");
        chat.screen.awaitLine("alice:   two  spaces  ");
        alice.send(" {quit} ");
        alice.send("{QUIT}");
        alice.send("still here");
        chat.screen.awaitLine("alice:  {quit} ");
        chat.screen.awaitLine("alice: {QUIT}");
        chat.screen.awaitLine("alice: still here");
        alice.send("{quit}");
        chat.screen.awaitLine("* alice left");
        assertThat(chat.screen.lines()).as("the operator's console after alice sent the exact line {quit}: it ends"
                + " the chat and is not a message, so it is not shown as one (test for {quit} before printing)")
                .doesNotContain("alice: {quit}");
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("no socket is left open after 40 clients came and went in every way")
    void noLeakedSockets() {
        if (openFiles() < 0) {
            return; // not a Unix JVM: the count is not available here (the graders run on Linux)
        }
        // Sockets leaked by earlier tests are closed by the garbage collector at random moments,
        // which would lower the count during this test: let it close them now.
        System.gc();
        long before = settledOpenFiles();
        for (int round = 0; round < 8; round++) {
            try (LineConnection quitter = chat.join("quitter")) {
                quitter.send("{quit}");
                chat.assertClosedByServer(quitter, "after {quit}");
            }
            try (LineConnection refused = chat.connect()) {
                refused.send("no good!");
                assertThat(chat.next(refused, "the answer to an invalid name")).startsWith("REFUSED");
            }
            try (LineConnection shy = chat.connect()) {
                shy.send("{quit}");
                chat.assertClosedByServer(shy, "after {quit} instead of a name");
            }
            chat.join("crasher").reset();
            chat.screen.awaitLine("* crasher left");
            try (LineConnection talker = chat.join("talker")) {
                talker.send("y".repeat(5000));
                chat.assertClosedByServer(talker, "after a line over the limit");
            }
        }
        chat.join("last").close(); // once it has left, every earlier chat is over and its socket closed
        chat.screen.awaitLine("* last left");
        // A short wait for the last socket only: a longer one would let the garbage collector close
        // leaked sockets and hide the leak.
        long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (openFiles() > before + 4 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long extra = openFiles() - before;
        assertThat(extra).as("after 40 clients came and went, the server holds %d more open files (sockets) than"
                + " before: close every client's socket, whichever way its chat ends (try-with-resources)", extra)
                .isLessThanOrEqualTo(4);
    }

    /** The open-file count once it has stopped falling for 100 ms (at most 1 s). */
    private static long settledOpenFiles() {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        long count = openFiles();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - stableSince < 100_000_000L) {
            LockSupport.parkNanos(10_000_000L);
            long now = openFiles();
            if (now < count) {
                count = now;
                stableSince = System.nanoTime();
            }
        }
        return count;
    }

    private static long openFiles() {
        return OpenFiles.count();
    }

    // ---- Step 4 --------------------------------------------------------------------------------

    @Test
    @Step(4)
    @Points(1)
    @DisplayName("a line the operator types while the client is still choosing its name is not sent to it")
    void operatorTypesWhileAClientPicksItsName() {
        LineConnection client = chat.connect();
        client.send("not a name!");
        assertThat(chat.next(client, "the answer to an invalid name")).startsWith("REFUSED NAME_INVALID ");
        chat.keyboard.type("too early");
        assertThat(chat.keyboard.allReadWithin(Waits.WAIT))
                .as("the operator thread should read the console while a client chooses its name").isTrue();
        client.send("alice");
        assertThat(chat.next(client, "the answer to the name alice"))
                .as("the first line after the name alice: the operator typed \"too early\" before the client was"
                        + " welcomed; a client gets the operator's lines only once it is in the chat")
                .isEqualTo("WELCOME alice");
        chat.keyboard.type("in time");
        assertThat(chat.next(client, "the operator's line")).as("the line after WELCOME")
                .isEqualTo("MSG operator in time");
    }

    @Test
    @Step(4)
    @Points(2)
    @DisplayName("a send that fails (the client just left) does not end the operator's relay")
    void operatorRelaySurvivesAFailedSend() {
        LineConnection alice = chat.join("alice");
        // Hold the serve thread as the chat ends, so that the operator's next line still finds alice.
        Screen.Hold hold = chat.screen.holdAt("* alice left");
        chat.keyboard.type("{quit}");
        assertThat(chat.next(alice, "the notice that the operator left")).isEqualTo("LEFT operator quit");
        assertThat(hold.heldWithin(Waits.WAIT)).as("the console should show \"* alice left\"").isTrue();
        chat.keyboard.type("into the void"); // to a closed connection: the send fails
        // Back at the console means past the failed send: only then may the next client come.
        boolean backAtTheConsole = chat.keyboard.allReadWithin(Waits.WAIT);
        hold.release();
        assertThat(backAtTheConsole).as("after its send to the client who had just left failed, the operator thread"
                + " never came back to read the console: one failed send must not end the operator thread (catch"
                + " the IOException inside the loop, around the send)").isTrue();
        LineConnection bob = chat.join("bob");
        chat.keyboard.type("for bob");
        assertThat(chat.next(bob, "the operator's line to the next client"))
                .as("what the next client received from the operator, after a send to the client who had just"
                        + " left failed: one failed send must not end the operator thread (catch the IOException"
                        + " inside the loop, around the send)")
                .isEqualTo("MSG operator for bob");
    }

    @Test
    @Step(4)
    @Points(1)
    @DisplayName("one operator thread for the whole server, not one per client")
    void oneOperatorThread() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (String name : List.of("ann", "ben", "cat", "dan")) {
            LineConnection client = chat.join(name);
            client.send("{quit}");
            chat.assertClosedByServer(client, "after {quit}");
            chat.screen.awaitLine("* " + name + " left");
        }
        LineConnection eve = chat.join("eve");
        chat.keyboard.type("hello eve");
        assertThat(chat.next(eve, "the operator's line (sent by the operator thread of Step 4)"))
                .as("what the fifth client received from the operator").isEqualTo("MSG operator hello eve");
        List<String> threads = new ArrayList<>();
        Waits.until(() -> {
            threads.clear();
            threads.addAll(newLabThreads(before));
            return threads.size() <= 1;
        }, () -> "after 5 clients, these threads run the server's code besides serve(): " + threads
                + ". Start the operator thread once, in serve(), before the loop: each extra thread also waits"
                + " on the console, and steals the operator's lines");
    }

    @Test
    @Step(4)
    @Points(1)
    @DisplayName("when the console ends (Ctrl+D) the operator thread ends, and the chat goes on")
    void consoleEndStopsOnlyTheOperator() throws IOException {
        chat.close();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ChatFixture one = new ChatFixture()) {
            LineConnection alice = one.join("alice");
            one.keyboard.type("before the end");
            assertThat(one.next(alice, "the operator's line (sent by the operator thread of Step 4)"))
                    .isEqualTo("MSG operator before the end");
            one.keyboard.end(); // readConsole() returns null from now on
            List<String> threads = new ArrayList<>();
            Waits.until(() -> {
                threads.clear();
                threads.addAll(newLabThreads(before));
                return threads.isEmpty();
            }, () -> "after the console ended, these threads still run the server's code besides serve(): " + threads
                    + ". When readConsole() returns null the operator thread must end (a loop that goes on after"
                    + " null spins forever)");
            alice.send("still here");
            one.screen.awaitLine("alice: still here");
        }
    }

    @Test
    @Step(5)
    @Points(1)
    @DisplayName("after close(), with the console still open, no thread of the server keeps the program alive")
    @SuppressWarnings({"deprecation", "removal"})
    void closeLetsTheProgramEnd() throws IOException, InterruptedException {
        chat.close();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Keyboard keyboard = new Keyboard();
        Screen screen = new Screen();
        ChatServer server = new ChatServer(0, new BufferedReader(keyboard), screen.printStream());
        // serve() on a thread that is not a daemon, as main() runs it: a new thread inherits that
        // from the thread that creates it, so only setDaemon(true) makes the operator thread a daemon.
        Thread serving = new Thread(() -> {
            try {
                server.serve();
            } catch (Throwable graded) {
                // serve()'s own failures are graded by the other tests
            }
        }, "ChatServer.serve");
        serving.setDaemon(false);
        serving.start();
        try (LineConnection alice = LineConnection.open(server.port())) {
            alice.send("alice");
            assertThat(alice.readLine()).isEqualTo("WELCOME alice");
            keyboard.type("hello");
            assertThat(alice.readLine()).isEqualTo("MSG operator hello");
            server.close(); // the console stays open: the operator has not pressed Ctrl+D
            serving.join(Waits.WAIT.toMillis());
            assertThat(serving.isAlive()).as("serve() ended after close()").isFalse();
            List<String> threads = new ArrayList<>();
            Waits.until(() -> {
                threads.clear();
                threads.addAll(newLabThreads(before, true));
                return threads.isEmpty();
            }, () -> "after close(), with the operator's console still open, these threads run the server's code"
                    + " and are not daemons: " + threads + ". A thread that is not a daemon keeps the program"
                    + " alive after main() ends, and the operator thread waits on the keyboard: call"
                    + " setDaemon(true) before start()");
        } finally {
            keyboard.end(); // the operator thread, daemon or not, may end now
            try {
                server.close();
            } catch (Exception | LinkageError ignored) {
                // graded by the close() tests
            }
            if (serving.isAlive()) {
                try {
                    serving.stop(); // a serve() that ignores close() must not keep the test JVM alive
                } catch (UnsupportedOperationException noLongerPossible) {
                    // JDK 20 and later: the graders' runner ends its JVM at the end anyway
                }
            }
        }
    }

    /** Threads started since {@code before}, other than serve()'s, with a frame of the lab's code. */
    private static List<String> newLabThreads(Set<Thread> before) {
        return newLabThreads(before, false);
    }

    /** The same, only those that are not daemons (they keep the JVM alive) if {@code nonDaemonOnly}. */
    private static List<String> newLabThreads(Set<Thread> before, boolean nonDaemonOnly) {
        List<String> found = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (before.contains(thread) || !thread.isAlive() || thread == Thread.currentThread()
                    || (nonDaemonOnly && thread.isDaemon())
                    || thread.getName().equals("ChatServer.serve")) {
                return;
            }
            for (StackTraceElement frame : stack) {
                String type = frame.getClassName();
                String top = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
                if (top.startsWith("chatlab.") && top.indexOf('.', "chatlab.".length()) < 0 && !isTestCode(top)) {
                    found.add("'" + thread.getName() + "' (in " + top.substring("chatlab.".length()) + "."
                            + frame.getMethodName() + ")");
                    return;
                }
            }
        });
        return found;
    }

    private static boolean isTestCode(String type) {
        return type.endsWith("Test") || List.of("chatlab.Keyboard", "chatlab.Screen", "chatlab.ChatFixture",
                "chatlab.ClientConnectionProbe").contains(type);
    }

    // ---- Step 5 --------------------------------------------------------------------------------

    @Test
    @Step(5)
    @Points(1)
    @DisplayName("close() without serve() closes quietly and frees the port")
    void closeWithoutServe() throws IOException {
        Screen screen = new Screen();
        ChatServer idle = new ChatServer(0, new BufferedReader(new StringReader("")), screen.printStream());
        int port = idle.port();
        try {
            idle.close();
        } catch (RuntimeException e) {
            throw new AssertionError("close() of a server whose serve() never ran threw " + e
                    + ": close() must work whatever serve() has done, nothing set up by serve() may be assumed", e);
        }
        try (ServerSocket samePort = new ServerSocket(port)) {
            assertThat(samePort.getLocalPort()).isEqualTo(port);
        } catch (IOException stillTaken) {
            throw new AssertionError("after close() without serve(), port " + port + " is still taken");
        }
    }

    @Test
    @Step(5)
    @Points(2)
    @DisplayName("close() while a second client waits: serve() ends, the waiting client is never welcomed (40 rounds)")
    @Timeout(30) // rounds start for 6 s at most, but a busy machine makes the last one slow
    void closeWithAWaitingClient() throws IOException {
        chat.close();
        long until = System.nanoTime() + ROUNDS_TIME.toNanos();
        for (int round = 1; round <= 40 && System.nanoTime() < until; round++) {
            try (ChatFixture one = new ChatFixture()) {
                LineConnection alice = one.join("alice");
                LineConnection bob = one.connect();
                bob.send("bob");
                one.server.close();
                assertThat(alice.readLine(Waits.WAIT)).as("round %d: what the chatting client received"
                        + " when the server closed", round).isEqualTo("SHUTDOWN");
                assertEndsCleanly(one, bob, round, "a client waiting in the queue");
            }
        }
    }

    @Test
    @Step(5)
    @Points(1)
    @DisplayName("close() just as serve() accepts the next client: that client too gets SHUTDOWN (40 rounds)")
    @Timeout(30) // rounds start for 6 s at most, but a busy machine makes the last one slow
    void closeAsTheNextClientIsAccepted() throws IOException {
        chat.close();
        long until = System.nanoTime() + ROUNDS_TIME.toNanos();
        for (int round = 1; round <= 40 && System.nanoTime() < until; round++) {
            try (ChatFixture one = new ChatFixture()) {
                LineConnection alice = one.join("alice");
                LineConnection bob = one.connect();
                bob.send("bob");
                Screen.Hold hold = one.screen.holdAt("* alice left");
                alice.send("{quit}");
                assertThat(hold.heldWithin(Waits.WAIT)).as("the console should show \"* alice left\"").isTrue();
                hold.release(); // serve() goes on to accept bob, while close() runs
                // The race is microseconds wide: close() starts a little later in each round (0 to
                // 300 µs after serve() is let go), so that rounds fall on both sides of accept().
                long start = System.nanoTime();
                long delay = (round % 21) * 15_000L;
                while (System.nanoTime() - start < delay) {
                    Thread.onSpinWait();
                }
                one.server.close();
                assertEndsCleanly(one, bob, round, "a client accepted as the server closed");
            }
        }
    }

    /** serve() ended, and the client either got nothing or ended with SHUTDOWN, then was closed. */
    private static void assertEndsCleanly(ChatFixture one, LineConnection client, int round, String who) {
        List<String> received = new ArrayList<>();
        String line;
        try {
            while ((line = client.readLine(Waits.WAIT)) != null) {
                received.add(line);
            }
        } catch (AssertionError stillOpen) {
            throw new AssertionError("round " + round + ": after close(), " + who + " received " + received
                    + " and its connection stayed open (serve() " + one.serving.describe() + "): no client may be"
                    + " welcomed after close(), and every connection gets SHUTDOWN (PROTOCOL.md §7). Close the"
                    + " server socket before telling the client, and make sure a client accepted meanwhile is told too");
        }
        assertThat(received.isEmpty() || received.get(received.size() - 1).equals("SHUTDOWN"))
                .as("round %d: after close(), %s received %s before its connection closed: its last line must be"
                        + " SHUTDOWN (PROTOCOL.md §7)", round, who, received).isTrue();
        assertThat(one.serving.endsWithin(Waits.WAIT)).as("round %d: serve() should end after close(), but %s",
                round, one.serving.describe()).isTrue();
        assertThat(one.serving.failure()).as("round %d: what serve() threw after close()", round).isNull();
    }
}

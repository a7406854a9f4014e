package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import chatlab.testkit.LabThreads;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The broadcasting chat server (handout steps 3 and 4), driven through sockets. */
class ChatServerTest {

    private static final String SERVE_THREAD = "ChatServer.serve";

    private ChatServer server;
    private Background serving;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    /** The threads before this test's server started: what earlier tests left is not this test's business. */
    private Set<Thread> threadsBefore;

    @BeforeEach
    void startServer() throws IOException {
        Waits.watchUncaughtTodos();
        threadsBefore = LabThreads.snapshot();
        server = new ChatServer(0);
        serving = Background.start(SERVE_THREAD, server::serve);
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        try {
            server.close();
        } catch (Exception ignored) {
            // only the shutdown test grades close()
        }
        try { // let this test's threads end before the next test starts (graded in the shutdown test only)
            Waits.until(() -> LabThreads.runningLabCode(SERVE_THREAD, threadsBefore).isEmpty(), () -> "");
        } catch (AssertionError stillRunning) {
            // a step not done yet may leave threads behind; the next test ignores them
        }
    }

    private LineConnection connect() {
        LineConnection client = LineConnection.open(server.port());
        clients.add(client);
        return client;
    }

    private String next(LineConnection client, String waitingFor) {
        return Waits.nextLine(client, serving, waitingFor);
    }

    private void expect(LineConnection client, String who, String expected) {
        assertThat(next(client, who + "'s next line, " + expected))
                .as("the next line %s received", who)
                .isEqualTo(expected);
    }

    private LineConnection join(String name) {
        LineConnection client = connect();
        client.send(name);
        expect(client, name, "WELCOME " + name);
        return client;
    }

    private static <T> T getOrFail(Future<T> task) throws Exception {
        try {
            return task.get(8, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("every client gets every message with its sender's name, the sender too")
    void everyoneGetsEveryMessage() {
        LineConnection alice = join("alice");
        LineConnection bob = join("bob");
        LineConnection carol = join("carol");
        expect(alice, "alice", "JOINED bob");
        expect(alice, "alice", "JOINED carol");
        expect(bob, "bob", "JOINED carol");

        alice.send("ciao a tutti, è già l'una 🙂");
        for (LineConnection client : List.of(alice, bob, carol)) {
            expect(client, "every client", "MSG alice ciao a tutti, è già l'una 🙂");
        }
        carol.send("JOINED mallory"); // a message that looks like a notice stays a message
        for (LineConnection client : List.of(alice, bob, carol)) {
            expect(client, "every client", "MSG carol JOINED mallory");
        }
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("JOINED goes to the others, not to the newcomer")
    void joinNotices() {
        LineConnection alice = join("alice");
        LineConnection bob = join("bob");
        expect(alice, "alice", "JOINED bob");
        bob.send("first");
        expect(bob, "bob (who should not get its own JOINED)", "MSG bob first");
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("{quit} closes the connection and the others get LEFT <name> quit")
    void quitNotices() {
        LineConnection alice = join("alice");
        LineConnection bob = join("bob");
        expect(alice, "alice", "JOINED bob");
        bob.send("{quit}");
        expect(alice, "alice", "LEFT bob quit");
        assertThat(bob.closedByServerWithin(Waits.WAIT))
                .as("the server should close the connection after {quit}, but it stayed open").isTrue();
        alice.send("still here");
        expect(alice, "alice", "MSG alice still here");
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("a client that vanishes without {quit} is removed, and the others get LEFT <name> lost")
    void lostClientsAreRemoved() {
        LineConnection alice = join("alice");
        LineConnection bob = join("bob");
        LineConnection carol = join("carol");
        expect(alice, "alice", "JOINED bob");
        expect(alice, "alice", "JOINED carol");
        bob.reset(); // connection reset
        expect(alice, "alice", "LEFT bob lost");
        carol.close(); // end of stream, without {quit}
        expect(alice, "alice", "LEFT carol lost");
        for (int i = 1; i <= 3; i++) { // broadcasting goes on without the dead clients
            alice.send("message " + i);
            expect(alice, "alice", "MSG alice message " + i);
        }
        LineConnection dave = join("dave");
        expect(alice, "alice", "JOINED dave");
        assertThat(new HashSet<>(server.online())).as("online() once bob and carol are gone")
                .isEqualTo(Set.of("alice", "dave"));
        assertThat(dave).isNotNull();
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("a name in use is refused with NAME_TAKEN, ignoring case; the client may then pick another")
    void uniqueNames() {
        LineConnection alice = join("alice");
        LineConnection other = connect();
        other.send("ALICE");
        assertThat(next(other, "the answer to a name in use")).as("the answer to ALICE while alice is in the chat")
                .startsWith("REFUSED NAME_TAKEN ");
        other.send("al ice");
        assertThat(next(other, "the answer to an invalid name")).as("the answer to the name \"al ice\"")
                .startsWith("REFUSED NAME_INVALID ");
        other.send("Alice_2");
        assertThat(next(other, "the answer to Alice_2")).as("the answer to a free name after two refusals")
                .isEqualTo("WELCOME Alice_2");
        expect(alice, "alice", "JOINED Alice_2");
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("names as people see them: one name however its accent was typed (NFC), letters of any script, never an invisible name")
    void namesAsPeopleSeeThem() {
        LineConnection jose = connect();
        jose.send("Jose\u0301"); // 'e' + COMBINING ACUTE ACCENT: how some keyboards and phones send "José"
        assertThat(next(jose, "the answer to José typed with a combining accent"))
                .as("the answer to \"Jose\" + U+0301 (José with a combining accent): normalise the name line"
                        + " with Protocol.normalizeName before you check it, and welcome the normalised name")
                .isEqualTo("WELCOME Jos\u00e9");
        LineConnection other = connect();
        other.send("Jos\u00e9"); // the same name, with a precomposed é
        assertThat(next(other, "the answer to José while José is in the chat"))
                .as("the answer to José (with a precomposed é) while José (typed with a combining accent) is in the chat:"
                        + " after normalising they are the same name")
                .startsWith("REFUSED NAME_TAKEN ");
        for (String invisible : List.of("\u3164", "\u115F", "\uFFA0\uFFA0\uFFA0", "alice\u3164", "\u200Bbob", "42")) {
            other.send(invisible);
            assertThat(next(other, "the answer to an invisible name"))
                    .as("the answer to the name %s: a name needs a visible letter and no character drawn as nothing"
                            + " (check it with Protocol.isValidName)", invisible.codePoints()
                            .mapToObj(c -> String.format("U+%04X", c)).toList())
                    .startsWith("REFUSED NAME_INVALID ");
        }
        other.send("\u0928\u092e\u0938\u094d\u0924\u0947"); // Hindi, with vowel signs (combining marks)
        assertThat(next(other, "the answer to a Hindi name"))
                .as("the answer to the Hindi name \u0928\u092e\u0938\u094d\u0924\u0947 (its vowel signs are combining marks)")
                .isEqualTo("WELCOME \u0928\u092e\u0938\u094d\u0924\u0947");
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a message cannot fake a line: a long run of spaces shows as one, bidi controls and piles of accents are defused, invisible lines are not messages")
    void messagesCannotFakeALine() {
        LineConnection alice = join("alice");
        LineConnection eve = join("eve");
        expect(alice, "alice", "JOINED eve");
        eve.send("ok" + " ".repeat(70) + "LEFT alice quit"); // in an 80-column terminal: a row "LEFT alice quit" of its own
        expect(alice, "alice", "MSG eve ok LEFT alice quit");
        eve.send("\u200B\u3164\uFEFF"); // shows nothing: not a message, as a blank line
        eve.send("see \u202Eevil"); // RIGHT-TO-LEFT OVERRIDE: would show what follows reversed
        expect(alice, "alice", "MSG eve see \uFFFDevil");
        eve.send("Z" + "\u0301".repeat(200)); // a pile of accents paints over the lines around it
        expect(alice, "alice", "MSG eve Z" + "\u0301".repeat(VisibleText.MAX_COMBINING_MARKS));
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a name is free again once its owner left")
    void nameFreeAgain() {
        LineConnection alice = join("alice");
        LineConnection other = connect();
        other.send("alice");
        assertThat(next(other, "the answer to a name in use")).startsWith("REFUSED NAME_TAKEN ");
        alice.send("{quit}");
        assertThat(alice.closedByServerWithin(Waits.WAIT)).as("alice's connection closed after {quit}").isTrue();
        other.send("Alice");
        assertThat(next(other, "the answer to Alice, once alice left"))
                .as("the answer to the name Alice once alice has left").isEqualTo("WELCOME Alice");
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("when 10 clients ask for the same name at once, exactly one gets it")
    void nameIsTakenAtomically() throws Exception {
        int count = 10;
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                LineConnection client = connect();
                answers.add(pool.submit(() -> {
                    go.await();
                    client.send("zed");
                    return next(client, "the answer to the name zed");
                }));
            }
            go.countDown();
            List<String> got = new ArrayList<>();
            for (Future<String> answer : answers) {
                got.add(getOrFail(answer));
            }
            assertThat(got.stream().filter(answer -> answer.equals("WELCOME zed")).count())
                    .as("how many of 10 clients asking for \"zed\" at the same moment got it; answers: %s", got)
                    .isEqualTo(1);
            assertThat(got.stream().filter(answer -> answer.startsWith("REFUSED NAME_TAKEN ")).count())
                    .as("how many got REFUSED NAME_TAKEN; answers: %s", got).isEqualTo(count - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Step(3)
    @Points(3)
    @DisplayName("20 clients x 50 messages: nothing lost or doubled, each sender's order kept, one order for all")
    void stress() throws Exception {
        int senders = 20;
        int messages = 50;
        List<LineConnection> all = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            all.add(join("s" + i)); // once the last one is welcomed, everyone is in the chat
        }
        ExecutorService pool = Executors.newFixedThreadPool(2 * senders);
        try {
            List<Future<List<String>>> received = new ArrayList<>();
            for (LineConnection client : all) {
                received.add(pool.submit(() -> {
                    List<String> lines = new ArrayList<>();
                    while (lines.size() < senders * messages) {
                        String line = client.readLine();
                        if (line == null) {
                            throw new AssertionError("the server closed a client's connection after it received "
                                    + lines.size() + " of " + senders * messages + " messages");
                        }
                        if (line.startsWith("MSG ")) {
                            lines.add(line);
                        }
                    }
                    return lines;
                }));
            }
            for (int i = 0; i < senders; i++) {
                LineConnection client = all.get(i);
                String name = "s" + i;
                pool.submit(() -> {
                    for (int m = 1; m <= messages; m++) {
                        client.send(name + " message " + m);
                    }
                });
            }
            List<String> first = null;
            for (int i = 0; i < senders; i++) {
                List<String> lines = getOrFail(received.get(i));
                checkEveryMessageOnceInOrder("s" + i, lines, senders, messages);
                if (first == null) {
                    first = lines;
                } else {
                    int difference = firstDifference(first, lines);
                    assertThat(difference).as("s0 and s%d saw the messages in different orders, from message %d on:"
                                    + " s0 saw \"%s\", s%d saw \"%s\". All clients must see one order.",
                            i, difference + 1, difference < 0 ? "" : first.get(difference), i,
                            difference < 0 ? "" : lines.get(difference))
                            .isEqualTo(-1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void checkEveryMessageOnceInOrder(String who, List<String> lines, int senders, int messages) {
        Map<String, Integer> lastSeen = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" "); // MSG s3 s3 message 17
            String sender = parts[1];
            int number = Integer.parseInt(parts[4]);
            int expected = lastSeen.getOrDefault(sender, 0) + 1;
            if (number != expected || !parts[2].equals(sender)) {
                throw new AssertionError(who + " received \"" + line + "\" where message " + expected + " of " + sender
                        + " was due: a message was lost, doubled, garbled or out of its sender's order");
            }
            lastSeen.put(sender, number);
        }
        assertThat(lastSeen.size()).as("how many senders %s heard from", who).isEqualTo(senders);
        assertThat(lastSeen.values()).as("how many messages of each sender %s received", who)
                .allMatch(count -> count == messages);
    }

    private static int firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @Step(3)
    @Points(3)
    @DisplayName("a client that never reads is dropped: its connection closes, the others get one LEFT <name> dropped and are not stalled")
    void slowReaderIsDropped() throws Exception {
        FastClient watcher = FastClient.join(server.port(), "watcher");
        clients.add(watcher);
        FastClient talker = FastClient.join(server.port(), "talker");
        clients.add(talker);
        SilentClient slow = SilentClient.join(server.port(), "slow");
        clients.add(slow);

        String payload = "x".repeat(3900);
        int sent = 0;
        int limit = 5000; // about 20 MB: far more than the socket buffers plus 1000 queued lines
        while (sent < limit && !watcher.sawLine("LEFT slow dropped")) {
            for (int i = 0; i < 50; i++) {
                talker.send((sent + 1) + " " + payload);
                sent++;
            }
            // Keep pace with the watcher, so that only the client that never reads falls behind.
            int target = sent - 100;
            if (!watcher.awaitMessages("talker", target, Duration.ofSeconds(3))) {
                throw new AssertionError("the watcher stopped receiving messages after " + watcher.messagesFrom("talker")
                        + " of the talker's " + sent + " while another client did not read: a client that never reads"
                        + " stalled the others (does the server write to sockets while holding a lock others need?)");
            }
        }
        assertThat(watcher.awaitLine("LEFT slow dropped", Duration.ofSeconds(3)))
                .as("after %d messages of 4 KB that the client 'slow' never read, the others should get"
                        + " \"LEFT slow dropped\" (its queue is full at %d lines), but they did not",
                        sent, Protocol.MAX_QUEUED_LINES)
                .isTrue();
        assertThat(watcher.awaitMessages("talker", sent, Duration.ofSeconds(3)))
                .as("the watcher received %d of the talker's %d messages", watcher.messagesFrom("talker"), sent)
                .isTrue();
        talker.send("after the drop");
        assertThat(watcher.awaitLine("MSG talker after the drop", Duration.ofSeconds(3)))
                .as("the chat goes on after the slow client is dropped").isTrue();
        assertThat(watcher.notices().stream().filter(line -> line.startsWith("LEFT slow")).toList())
                .as("the notices the others got about 'slow': exactly one (its reader, which then sees its socket"
                        + " closed, must not announce it a second time)").containsExactly("LEFT slow dropped");
        assertThat(slow.closedByServerWithin(Duration.ofSeconds(3)))
                .as("the dropped client's connection should be closed by the server (disconnect() it), but after"
                        + " reading all it had been sent, it was still open").isTrue();
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("close() sends SHUTDOWN to every client, named or not, closes every connection and ends every thread")
    void shutdownTellsEveryone() throws IOException {
        List<LineConnection> named = List.of(join("alice"), join("bob"), join("carol"));
        expect(named.get(0), "alice", "JOINED bob");
        expect(named.get(0), "alice", "JOINED carol");
        expect(named.get(1), "bob", "JOINED carol");
        LineConnection unnamed = connect();
        unnamed.send("no name");
        assertThat(next(unnamed, "the answer to an invalid name")).startsWith("REFUSED NAME_INVALID ");
        server.close();
        for (LineConnection client : named) {
            expect(client, "every client", "SHUTDOWN");
            assertThat(client.closedByServerWithin(Waits.WAIT))
                    .as("after SHUTDOWN the server should close the connection, but it stayed open").isTrue();
        }
        assertThat(next(unnamed, "the shutdown notice to a client still choosing its name"))
                .as("what a client still choosing its name received when the server closed (PROTOCOL.md §7:"
                        + " every connected client gets SHUTDOWN, named or not)")
                .isEqualTo("SHUTDOWN");
        assertThat(unnamed.closedByServerWithin(Waits.WAIT))
                .as("after SHUTDOWN the server should close the connection, but it stayed open").isTrue();
        assertThat(serving.endsWithin(Waits.WAIT)).as("serve() should end after close(), but %s",
                serving.describe()).isTrue();
        Waits.until(() -> LabThreads.runningLabCode("", threadsBefore).isEmpty(),
                () -> "after close(), these threads are still running the server's code: "
                        + LabThreads.runningLabCode("", threadsBefore) + ". Every reader and writer thread must end.");
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("empty and blank lines are not messages: nobody gets them")
    void blankLinesIgnored() {
        LineConnection alice = join("alice");
        LineConnection bob = join("bob");
        expect(alice, "alice", "JOINED bob");
        bob.send("");
        bob.send("   ");
        bob.send(" \t ");
        bob.send("after the blanks");
        expect(alice, "alice (blank lines are ignored, PROTOCOL.md §2)", "MSG bob after the blanks");
        expect(bob, "bob (blank lines are ignored, PROTOCOL.md §2)", "MSG bob after the blanks");
    }

    @Test
    @Step(3)
    @Points(2)
    @DisplayName("a line over 4096 bytes, a name line too, gets ERROR LINE_TOO_LONG and a disconnect; the others get LEFT <name> lost")
    void tooLongLines() {
        LineConnection alice = join("alice");
        LineConnection longName = connect();
        longName.send("n".repeat(5000));
        assertThat(next(longName, "the answer to a name line of 5000 bytes"))
                .as("the answer to a name line of 5000 bytes (PROTOCOL.md §1: any line over 4096 bytes)")
                .startsWith("ERROR LINE_TOO_LONG ");
        assertThat(longName.closedByServerWithin(Waits.WAIT))
                .as("after ERROR LINE_TOO_LONG the server should close the connection").isTrue();

        LineConnection bob = join("bob");
        expect(alice, "alice", "JOINED bob");
        bob.send("ō".repeat(2100)); // 4200 bytes of UTF-8, but only 2100 characters
        assertThat(next(bob, "the answer to a message of 4200 bytes"))
                .as("the answer to a message of 2100 characters but 4200 bytes (the bound counts bytes)")
                .startsWith("ERROR LINE_TOO_LONG ");
        assertThat(bob.readLine(Waits.WAIT)).as("what bob received after ERROR LINE_TOO_LONG: the ERROR line is the last,"
                + " then the connection closes").isNull();
        expect(alice, "alice", "LEFT bob lost");
        alice.send("still here");
        expect(alice, "alice", "MSG alice still here");
    }
}

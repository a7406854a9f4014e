package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LabThreads;
import chatlab.testkit.LineConnection;
import chatlab.testkit.OpenFiles;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Teacher-only tests of lab 04 (hidden: never in the student edition): races provoked on purpose,
 * every way of leaving counted, resources, locale and charset, the edges of the protocol. Each
 * one says in its comment which mistake it catches (solutions/lab04-broadcast/MISTAKES.md).
 */
class ChatServerHiddenTest {

    private static final String SERVE_THREAD = "ChatServer.serve";

    private ChatServer server;
    private Background serving;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
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
            // graded elsewhere
        }
        try {
            Waits.until(() -> LabThreads.runningLabCode(SERVE_THREAD, threadsBefore).isEmpty(), () -> "");
        } catch (AssertionError stillRunning) {
            // graded where it matters; the next test ignores them
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
        assertThat(next(client, who + "'s next line, " + expected)).as("the next line %s received", who)
                .isEqualTo(expected);
    }

    private LineConnection join(String name) {
        LineConnection client = connect();
        client.send(name);
        expect(client, name, "WELCOME " + name);
        return client;
    }

    /** The watcher sends a marker and must get exactly these lines, then its marker, which it returns. */
    private String expectOnly(LineConnection watcher, String when, String... lines) {
        String marker = "marker " + System.nanoTime();
        watcher.send(marker);
        List<String> got = new ArrayList<>();
        while (true) {
            String line = next(watcher, "the watcher's own message \"" + marker + "\" " + when);
            if (line == null || line.equals("MSG watcher " + marker) || got.size() > 20) {
                break;
            }
            got.add(line);
        }
        assertThat(got).as("the lines the watcher received %s (before its own next message)", when)
                .containsExactly(lines);
        return "MSG watcher " + marker;
    }

    private Set<String> online() {
        return new HashSet<>(server.online());
    }

    private void awaitNoServerThreads(String when) {
        Waits.until(() -> LabThreads.runningLabCode(SERVE_THREAD, threadsBefore).isEmpty(),
                () -> when + ", these threads are still running the server's code: "
                        + LabThreads.runningLabCode(SERVE_THREAD, threadsBefore));
    }

    // Check-then-act: "is the name free?" and "take it" not under one lock. Ten clients asking
    // once rarely overlap on two cores; here 12 clients ask for a fresh name at once, 25 rounds in
    // a row, while 100 welcomed bystanders make each check and each JOINED broadcast take longer.
    @Test
    @Step(3)
    @Points(2)
    @DisplayName("25 rounds of 12 clients asking for one free name at the same moment: exactly one gets it each time")
    void nameRaceManyRounds() throws Exception {
        for (int i = 0; i < 100; i++) {
            LineConnection bystander = connect();
            bystander.send("by" + i);
        }
        Waits.until(() -> server.online().size() == 100, () -> "100 bystanders should be in the chat, online() has "
                + server.online().size());
        int racers = 12;
        List<LineConnection> choosing = new ArrayList<>(); // the losers of a round race again in the next one
        for (int i = 0; i < racers; i++) {
            choosing.add(connect());
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 1; round <= 25; round++) {
                String name = "zed" + round;
                CyclicBarrier together = new CyclicBarrier(racers);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    LineConnection racer = choosing.get(i);
                    String asked = i % 2 == 0 ? name : name.toUpperCase(Locale.ROOT); // the same name, ignoring case
                    answers.add(pool.submit(() -> {
                        together.await(5, TimeUnit.SECONDS);
                        racer.send(asked);
                        return next(racer, "the answer to the name " + asked);
                    }));
                }
                List<String> got = new ArrayList<>();
                for (Future<String> answer : answers) {
                    got.add(answer.get(10, TimeUnit.SECONDS));
                }
                long welcomed = got.stream().filter(answer -> answer.startsWith("WELCOME ")).count();
                assertThat(welcomed).as("round %d: how many of %d clients asking at the same moment for \"%s\" (in"
                        + " upper or lower case) got it; answers: %s. Checking and taking a name must be one atomic step.",
                        round, racers, name, got).isEqualTo(1);
                int winner = got.indexOf(got.stream().filter(answer -> answer.startsWith("WELCOME ")).findFirst().orElseThrow());
                choosing.set(winner, connect());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // Names compared with toLowerCase()/toUpperCase() in the platform's locale: in Turkish, "I"
    // lower-cases to a dotless "ı" and "i" upper-cases to a dotted "İ", so IRIS and iris differ.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("names are compared ignoring case in every locale (here the JVM's locale is Turkish)")
    void namesIgnoreCaseInEveryLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            join("iris");
            join("TIM");
            for (String taken : List.of("IRIS", "Iris", "tim", "Tim")) {
                LineConnection other = connect();
                other.send(taken);
                assertThat(next(other, "the answer to " + taken)).as("the answer to %s while iris and TIM are in the chat,"
                        + " in a JVM whose locale is Turkish (compare with equalsIgnoreCase, or convert case with"
                        + " Locale.ROOT)", taken).startsWith("REFUSED NAME_TAKEN ");
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a name that differs only in case from one in the chat is taken; a refused client can try again")
    void caseVariantsAreTaken() {
        LineConnection alice = join("Élodie");
        LineConnection other = connect();
        for (String variant : List.of("élodie", "ÉLODIE", "éLoDiE", "Élodie")) {
            other.send(variant);
            assertThat(next(other, "the answer to " + variant)).as("the answer to %s while Élodie is in the chat", variant)
                    .startsWith("REFUSED NAME_TAKEN ");
        }
        other.send("Élodie2");
        expect(other, "the refused client", "WELCOME Élodie2");
        expect(alice, "Élodie", "JOINED Élodie2");
        LineConnection choosing = connect(); // a client still choosing holds no name
        choosing.send("bad name");
        assertThat(next(choosing, "REFUSED NAME_INVALID")).startsWith("REFUSED NAME_INVALID ");
        join("carl");
    }

    // A client still choosing its name is not in the chat: it gets no MSG, JOINED or LEFT.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a client still choosing its name gets nothing of the chat; its first line is the answer to its name")
    void choosingClientGetsNothing() {
        LineConnection alice = join("alice");
        LineConnection choosing = connect();
        choosing.send("not valid");
        assertThat(next(choosing, "REFUSED NAME_INVALID")).startsWith("REFUSED NAME_INVALID ");
        LineConnection bob = join("bob");
        expect(alice, "alice", "JOINED bob");
        alice.send("before you came");
        expect(alice, "alice", "MSG alice before you came");
        expect(bob, "bob", "MSG alice before you came");
        choosing.send("carol");
        expect(choosing, "carol, who was still choosing her name while alice spoke", "WELCOME carol");
        alice.send("now you are here");
        expect(choosing, "carol", "MSG alice now you are here");
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("edges of the protocol: \\r\\n, {quit} as a name, U+2028 in a message, control characters, non-Latin names")
    void protocolEdges() {
        LineConnection watcher = join("watcher");
        LineConnection crlf = connect();
        crlf.sendRaw("tel_net\r\n".getBytes(StandardCharsets.UTF_8)); // telnet and Windows nc send \r\n
        expect(crlf, "tel_net", "WELCOME tel_net");
        crlf.sendRaw("hi\r\n".getBytes(StandardCharsets.UTF_8));
        expect(crlf, "tel_net", "MSG tel_net hi");

        LineConnection quitter = connect();
        quitter.send("{quit}");
        assertThat(quitter.readLine(Waits.WAIT)).as("the answer to {quit} sent instead of a name: the session ends,"
                + " the connection closes without a word").isNull();

        LineConnection li = join("李雷");
        LineConnection longName = join("ō".repeat(20)); // 20 characters, 40 bytes: a valid name
        expectOnly(watcher, "after tel_net, 李雷 and a 20-character name joined (and {quit} sent as a name)",
                "JOINED tel_net", "MSG tel_net hi", "JOINED 李雷", "JOINED " + "ō".repeat(20));
        li.send("a\u2028b\u2029c ō");
        expect(watcher, "watcher", "MSG 李雷 a\u2028b\u2029c ō");
        longName.send("bell\u0007 esc\u001b[2J");
        expect(watcher, "watcher", "MSG " + "ō".repeat(20) + " bell\uFFFD esc\uFFFD[2J");
    }

    // PROTOCOL.md §2-3: a message is the line as it came (only control characters and runs of more
    // than 3 blanks are changed), only the exact line {quit} ends a session, and the name line is
    // not trimmed.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("lines as typed: spaces around a message kept, ' {quit} ' and '{QUIT}' are messages, ' bob' is not a name")
    void messagesVerbatim() {
        LineConnection watcher = join("watcher");
        LineConnection amy = join("amy");
        expect(watcher, "watcher", "JOINED amy");
        amy.send("  two  spaces  ");
        expect(watcher, "watcher", "MSG amy   two  spaces  ");
        amy.send(" {quit} ");
        expect(watcher, "watcher", "MSG amy  {quit} ");
        amy.send("{QUIT}");
        expect(watcher, "watcher", "MSG amy {QUIT}");
        LineConnection spaced = connect();
        spaced.send(" bob");
        assertThat(next(spaced, "the answer to the name line \" bob\"")).as("the answer to the name line \" bob\" (with a"
                + " space in front): the name line is not trimmed, and a space is not allowed in a name (PROTOCOL.md §2)")
                .startsWith("REFUSED NAME_INVALID");
    }

    // The server's JVM has US-ASCII as its platform charset and "\r\n" as its line separator:
    // the lines must still be UTF-8 both ways, ended by '\n' alone.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("UTF-8 and '\\n' whatever the platform: the server in a JVM whose charset is US-ASCII and line end \\r\\n")
    void platformIndependent() throws Exception {
        try (ServerInChildJvm child = ServerInChildJvm.start();
             LineConnection zoe = LineConnection.open(child.port());
             LineConnection li = LineConnection.open(child.port())) {
            zoe.send("Zoë_ōtani");
            assertThat(zoe.readLine(Duration.ofSeconds(5))).as("the answer to the name Zoë_ōtani, in a JVM whose"
                    + " default charset is US-ASCII (read and write with UTF-8 named explicitly)").isEqualTo("WELCOME Zoë_ōtani");
            li.send("李雷");
            assertThat(li.readLine(Duration.ofSeconds(5))).isEqualTo("WELCOME 李雷");
            assertThat(zoe.readLine(Duration.ofSeconds(5))).isEqualTo("JOINED 李雷");
            zoe.send("ō 🙂");
            assertThat(li.readLine(Duration.ofSeconds(5))).as("a message \"ō 🙂\" from a JVM whose default charset"
                    + " is US-ASCII").isEqualTo("MSG Zoë_ōtani ō 🙂");
        }
    }

    // A writer that polls instead of waiting in take() burns a core per client while nobody talks.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a chat where nobody talks uses no CPU")
    void quietChatUsesNoCpu() {
        join("quiet1");
        join("quiet2");
        join("quiet3");
        connect(); // still choosing a name
        long processBefore = processCpuMillis();
        long used = LabThreads.cpuTimeWhileIdle(Duration.ofMillis(600), threadsBefore).toMillis();
        long process = processCpuMillis() - processBefore;
        // Absolute on an idle machine; relative to the whole JVM's CPU on a busy one, where a
        // looping thread gets only a slice of a core but still most of what this JVM gets.
        boolean loops = used >= 150 || (process >= 30 && used * 2 > process);
        assertThat(loops).as("the server's threads used %d ms of CPU, of the %d ms this JVM used, during 600 ms in which"
                + " no client sent anything: a thread loops instead of waiting", used, process).isFalse();
    }

    // Every way of leaving gives exactly one LEFT line, with the right reason, and nothing more;
    // a client that never had a name leaves without a notice; the one who left gets nothing after.
    @Test
    @Step(3)
    @Points(2)
    @DisplayName("every way of leaving gives exactly one LEFT, with its reason; nothing for a client without a name")
    void exactlyOneLeft() {
        LineConnection watcher = join("watcher");
        leaves(watcher, "quitter", client -> client.send("{quit}"), "LEFT quitter quit");
        leaves(watcher, "resetter", LineConnection::reset, "LEFT resetter lost");
        leaves(watcher, "closer", LineConnection::close, "LEFT closer lost");
        leaves(watcher, "halfcloser", LineConnection::halfClose, "LEFT halfcloser lost");
        leaves(watcher, "toolong", client -> client.send("x".repeat(5000)), "LEFT toolong lost");
        LineConnection nameless = connect();
        nameless.send("no name");
        assertThat(next(nameless, "REFUSED NAME_INVALID")).startsWith("REFUSED NAME_INVALID ");
        nameless.send("{quit}");
        assertThat(nameless.readLine(Waits.WAIT)).as("after {quit} the client gets nothing more: the connection closes").isNull();
        nameless.close();
        expectOnly(watcher, "after a client that never had a name left");
    }

    private void leaves(LineConnection watcher, String name, Consumer<LineConnection> leave, String expected) {
        LineConnection client = join(name);
        String marker = expectOnly(watcher, "after " + name + " joined", "JOINED " + name);
        expect(client, name, marker);
        leave.accept(client);
        if (expected.endsWith(" quit")) {
            assertThat(client.readLine(Waits.WAIT)).as("what %s received after its {quit}: nothing, the connection"
                    + " closes (not even its own LEFT)", name).isNull();
        }
        Waits.until(() -> !online().contains(name), () -> name + " should have left online(), which is " + online());
        expectOnly(watcher, "after " + name + " left", expected);
    }

    // 30 clients send their name and {quit} in one packet, all at once, while a watcher looks:
    // each JOINED comes before its LEFT, once each, and nothing is left behind.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("30 clients that join and quit in one packet, all at once: JOINED then LEFT once each, nothing left behind")
    void joinAndQuitAtOnce() throws Exception {
        LineConnection watcher = join("watcher");
        int count = 30;
        List<LineConnection> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(connect());
        }
        CyclicBarrier together = new CyclicBarrier(count);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                LineConnection client = all.get(i);
                String name = "jq" + i;
                sent.add(pool.submit(() -> {
                    together.await(5, TimeUnit.SECONDS);
                    client.sendRaw((name + "\n{quit}\n").getBytes(StandardCharsets.UTF_8));
                    return null;
                }));
            }
            for (Future<?> one : sent) {
                one.get(5, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 2 * count; i++) {
            seen.add(next(watcher, "the JOINED and LEFT lines of 30 clients"));
        }
        for (int i = 0; i < count; i++) {
            int joined = seen.indexOf("JOINED jq" + i);
            int left = seen.indexOf("LEFT jq" + i + " quit");
            assertThat(joined).as("where JOINED jq%d is among the watcher's lines %s", i, seen).isGreaterThanOrEqualTo(0);
            assertThat(left).as("where LEFT jq%d quit is, after its JOINED, among %s", i, seen).isGreaterThan(joined);
        }
        expectOnly(watcher, "after the 30 JOINED and LEFT lines");
        Waits.until(() -> online().equals(Set.of("watcher")), () -> "online() should be [watcher], but it is " + online());
        for (LineConnection client : all) {
            client.close();
        }
        Waits.until(() -> LabThreads.runningLabCode(SERVE_THREAD, threadsBefore).size() <= 2,
                () -> "after 30 clients joined and quit, only the watcher's two threads should still run the server's"
                        + " code, but these do: " + LabThreads.runningLabCode(SERVE_THREAD, threadsBefore));
    }

    // Clients that come and go in every way: each socket must be closed and both threads of each
    // client must end (a writer that misses its CLOSE marker waits in take() forever).
    @Test
    @Step(3)
    @Points(2)
    @DisplayName("32 clients that come and go in every way leave no open socket and no thread")
    void churnLeaksNothing() {
        LineConnection warmUp = join("warm_up"); // classes loaded, jars opened: what stays open now is a leak
        warmUp.send("{quit}");
        assertThat(warmUp.readLine(Waits.WAIT)).isNull();
        Waits.until(() -> online().isEmpty(), () -> "online() should be empty, but it is " + online());
        long filesBefore = OpenFiles.count();
        // First clients whose connection is reset: counted at once, before garbage collection could
        // close a socket that the server forgot.
        for (int i = 0; i < 12; i++) {
            join("reset" + i).reset();
            Waits.until(() -> online().isEmpty(), () -> "online() should be empty, but it is " + online());
        }
        if (OpenFiles.countable()) {
            Waits.until(() -> OpenFiles.count() <= filesBefore + 5,
                    () -> "after 12 clients' connections were reset, the JVM holds " + (OpenFiles.count() - filesBefore)
                            + " more open files (sockets) than before: every client's socket must be closed,"
                            + " however it left");
        }
        for (int i = 0; i < 20; i++) {
            LineConnection client = i % 5 == 4 ? connect() : join("churn" + i);
            switch (i % 5) {
                case 0 -> client.send("{quit}");
                case 1 -> client.close();
                case 2 -> client.reset();
                case 3 -> client.halfClose();
                default -> client.send("x".repeat(5000)); // a name line too long
            }
            if (i % 5 != 1 && i % 5 != 2) {
                assertThat(client.closedByServerWithin(Waits.WAIT))
                        .as("the server closed the connection of client %d", i).isTrue();
            }
            client.close();
            clients.remove(client);
        }
        Waits.until(() -> online().isEmpty(), () -> "after 32 clients came and went, online() should be empty, but it is "
                + online());
        awaitNoServerThreads("after 32 clients came and went (both threads of each client must end)");
        if (OpenFiles.countable()) {
            Waits.until(() -> OpenFiles.count() <= filesBefore + 5,
                    () -> "after 32 clients came and went, the JVM holds " + (OpenFiles.count() - filesBefore)
                            + " more open files (sockets) than before: every client's socket must be closed,"
                            + " however it left");
        }
    }

    // close() while clients join and leave: every client gets SHUTDOWN as its last line (no LEFT
    // after it), every connection closes, serve() returns and every thread ends.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("close() while clients are leaving: SHUTDOWN is everyone's last line, every connection and thread ends")
    void shutdownWhileClientsLeave() throws Exception {
        List<LineConnection> staying = new ArrayList<>();
        List<LineConnection> leaving = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            (i % 2 == 0 ? staying : leaving).add(join("c" + i));
        }
        Waits.until(() -> online().size() == 30, () -> "30 clients should be online, online() is " + online());
        CyclicBarrier together = new CyclicBarrier(2);
        Background quitting = Background.start("quitting clients", () -> {
            together.await(5, TimeUnit.SECONDS);
            for (LineConnection client : leaving) {
                client.send("{quit}");
            }
        });
        together.await(5, TimeUnit.SECONDS);
        server.close();
        assertThat(quitting.endsWithin(Waits.WAIT)).isTrue();
        assertThat(serving.endsWithin(Waits.WAIT)).as("serve() should end after close(), but %s", serving.describe()).isTrue();
        assertThat(serving.failure()).as("what serve() threw after close()").isNull();
        for (LineConnection client : staying) {
            String last = null;
            String line;
            while ((line = client.readLine(Waits.WAIT)) != null) {
                last = line;
            }
            assertThat(last).as("the last line a client got before its connection closed at shutdown").isEqualTo("SHUTDOWN");
        }
        awaitNoServerThreads("after close() while clients were leaving");
    }

    // The client sends its name and a message, then closes its sending side only (Ctrl+D in nc):
    // it still gets its answers, then the server closes; the others get LEFT ... lost.
    @Test
    @Step(3)
    @Points(1)
    @DisplayName("a client that half-closes still gets every answer, then the server closes; the others get LEFT lost")
    void halfClosedClient() {
        LineConnection watcher = join("watcher");
        LineConnection dora = connect();
        dora.send("dora").send("bye all");
        dora.halfClose();
        expect(dora, "dora", "WELCOME dora");
        expect(dora, "dora", "MSG dora bye all");
        assertThat(dora.readLine(Waits.WAIT)).as("after the client's end of stream, the server closes the connection")
                .isNull();
        expectOnly(watcher, "after dora joined, spoke and half-closed", "JOINED dora", "MSG dora bye all", "LEFT dora lost");
    }

    /**
     * CPU time of this JVM's threads, summed (java.management only: the batch grader's test JVMs
     * see Java SE, without com.sun.management).
     */
    private static long processCpuMillis() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (long id : threads.getAllThreadIds()) {
            nanos += Math.max(0, threads.getThreadCpuTime(id)); // -1: the thread ended meanwhile
        }
        return nanos / 1_000_000;
    }
}

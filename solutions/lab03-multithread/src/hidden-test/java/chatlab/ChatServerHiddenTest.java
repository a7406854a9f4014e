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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Teacher-only tests of lab 03 (hidden: never in the student edition): races provoked on purpose,
 * resources counted, the edges of the protocol. Each one says in its comment which mistake it
 * catches (solutions/lab03-multithread/MISTAKES.md lists them all).
 */
class ChatServerHiddenTest {

    private static final String SERVE_THREAD = "ChatServer.serve";

    private ChatServer server;
    private Background serving;
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();
    private Set<Thread> threadsBefore;

    @BeforeEach
    void startServer() throws IOException {
        Waits.watchUncaughtTodos();
        threadsBefore = LabThreads.snapshot();
        server = new ChatServer(0);
        serving = Background.start(SERVE_THREAD, server::serve);
    }

    @AfterEach
    void stopServer() {
        clients.forEach(LineConnection::close);
        try {
            server.close();
        } catch (Exception ignored) {
            // graded elsewhere
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

    private LineConnection join(String name) {
        LineConnection client = connect();
        client.send(name);
        assertThat(next(client, "the answer to the name " + name)).as("the answer to the valid name %s", name)
                .isEqualTo("WELCOME " + name);
        return client;
    }

    private void assertEchoes(LineConnection client, String name, String text) {
        client.send(text);
        assertThat(next(client, "the echo of \"" + text + "\"")).as("what %s received after sending \"%s\"", name, text)
                .isEqualTo("MSG " + name + " " + text);
    }

    private Set<String> online() {
        return new HashSet<>(server.online());
    }

    private void awaitOnline(Set<String> expected, String when) {
        Waits.until(() -> expected.equals(online()),
                () -> "online() " + when + " should be " + expected + ", but it is " + online());
    }

    private void awaitNoServerThreads(String except, String when) {
        Waits.until(() -> LabThreads.runningLabCode(except, threadsBefore).isEmpty(),
                () -> when + ", these threads are still running the server's code: "
                        + LabThreads.runningLabCode(except, threadsBefore));
    }

    // A thread pool that is never shut down keeps its threads (not daemons) after close(): a cached
    // pool for a minute, a fixed pool for ever, so the program does not end when main() returns.
    @Test
    @Step(2)
    @Points(1)
    @DisplayName("after close(), no thread the server started keeps the program alive (a pool is shut down too)")
    void nothingKeepsTheProgramAliveAfterClose() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEchoes(join("c" + i), "c" + i, "hello");
        }
        clients.forEach(client -> client.send("{quit}"));
        awaitOnline(Set.of(), "after every client sent {quit}");
        server.close();
        assertThat(serving.endsWithin(Waits.WAIT)).as("serve() should end after close(), but %s", serving.describe())
                .isTrue();
        long deadline = System.nanoTime() + Waits.WAIT.toNanos();
        List<String> left = threadsKeepingTheProgramAlive();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling threads of this JVM: there is no event to wait for
            left = threadsKeepingTheProgramAlive();
        }
        assertThat(left).as("threads (not daemons) started during this test and still alive %d s after close() returned"
                + " and serve() ended: they keep the program running after main() returns. Shut down the thread pool"
                + " (shutdown()) once the clients are told, or use threads that end with their client",
                Waits.WAIT.toSeconds()).isEmpty();
    }

    /** Threads started during this test that are neither daemons nor the test's own, described by name. */
    private List<String> threadsKeepingTheProgramAlive() {
        Thread me = Thread.currentThread();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread != me && thread.isAlive() && !thread.isDaemon()
                        && !threadsBefore.contains(thread) && !thread.getName().startsWith("awaitility"))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    // Two users may pick the same name in lab03 (names are unique only from lab04 on). A registry
    // keyed by name, a remove that removes by name, a separate set of names, or an online() built
    // with Set.of(...) (which throws on duplicates) all go wrong here.
    @Test
    @Step(2)
    @Points(1)
    @DisplayName("two clients with the same name are two clients: one leaving does not remove the other")
    void sameNameTwice() {
        LineConnection firstBob = join("bob");
        LineConnection secondBob = join("bob");
        awaitOnline(Set.of("bob"), "with two clients both named bob");
        firstBob.send("{quit}");
        assertThat(firstBob.closedByServerWithin(Waits.WAIT)).as("the first bob's connection closed after {quit}").isTrue();
        LineConnection carol = join("carol");
        awaitOnline(Set.of("bob", "carol"), "after one of the two bobs left (the other is still connected)");
        assertEchoes(secondBob, "bob", "I am still here");
        carol.close();
        awaitOnline(Set.of("bob"), "after carol left");
    }

    @Test
    @Step(3)
    @Points(1)
    @DisplayName("close() reaches both of two clients with the same name")
    void sameNameTwiceAtShutdown() throws IOException {
        List<LineConnection> bobs = List.of(join("bob"), join("bob"));
        awaitOnline(Set.of("bob"), "with two clients both named bob");
        server.close();
        for (LineConnection bob : bobs) {
            assertThat(next(bob, "the shutdown notice")).as("what each of two clients named bob received at close()")
                    .isEqualTo("SHUTDOWN");
            assertThat(bob.closedByServerWithin(Waits.WAIT)).as("each bob's connection closed after SHUTDOWN").isTrue();
        }
    }

    // A caller of online() must be able to keep its answer: a live view of the registry changes
    // (or throws ConcurrentModificationException) while clients come and go.
    @Test
    @Step(2)
    @Points(1)
    @DisplayName("online() returns a copy that does not change when clients leave later")
    void onlineIsASnapshot() {
        LineConnection alice = join("alice");
        join("bob");
        awaitOnline(Set.of("alice", "bob"), "with alice and bob welcomed");
        Set<String> before = server.online();
        alice.send("{quit}");
        awaitOnline(Set.of("bob"), "after alice sent {quit}");
        List<String> seen = new ArrayList<>(before);
        assertThat(new HashSet<>(seen)).as("a set online() returned while alice and bob were online, read again"
                + " after alice left: online() must return a copy, not a view of the registry").isEqualTo(Set.of("alice", "bob"));
    }

    // Each client sends its name and {quit} in one packet, all at the same moment: the handler can
    // be done before the accept loop has even registered it. A client added to the registry after
    // its thread started is then removed before it is added, and stays in online() forever.
    @Test
    @Step(2)
    @Points(2)
    @DisplayName("40 clients that join and quit in one packet, all at once, leave nothing behind")
    void joinAndQuitAtOnce() throws Exception {
        int count = 40;
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
        for (int i = 0; i < count; i++) {
            assertThat(next(all.get(i), "the WELCOME of jq" + i)).isEqualTo("WELCOME jq" + i);
            assertThat(all.get(i).closedByServerWithin(Waits.WAIT)).as("jq%d's connection closed after {quit}", i).isTrue();
        }
        awaitOnline(Set.of(), "after 40 clients joined and quit at once");
        awaitNoServerThreads(SERVE_THREAD, "after 40 clients joined and quit at once");
        // And again, now that the first wave is gone: nothing of it may remain.
        for (int i = 0; i < 10; i++) {
            LineConnection late = connect();
            late.sendRaw(("late" + i + "\n{quit}\n").getBytes(StandardCharsets.UTF_8));
        }
        awaitOnline(Set.of(), "after 10 more clients joined and quit");
    }

    // Clients that come and go in every way: each server-side socket must be closed (a leaked one
    // stays open in the JVM until garbage collection, if ever) and each handler thread must end.
    @Test
    @Step(2)
    @Points(2)
    @DisplayName("32 clients that come and go in every way leave no open socket and no thread")
    void churnLeaksNothing() {
        join("warm-up").send("{quit}"); // classes loaded, jars opened: what stays open from now on is a leak
        awaitOnline(Set.of(), "after the warm-up client left");
        long filesBefore = OpenFiles.count();
        // First clients whose connection is reset: the handler gets an IOException, and nobody but
        // the handler can close the server's end. Counted at once, before garbage collection could.
        for (int i = 0; i < 12; i++) {
            join("reset" + i).reset();
            awaitOnline(Set.of(), "after a client's connection was reset");
        }
        if (OpenFiles.countable()) {
            Waits.until(() -> OpenFiles.count() <= filesBefore + 5,
                    () -> "after 12 clients' connections were reset, the JVM holds " + (OpenFiles.count() - filesBefore)
                            + " more open files (sockets) than before: a handler must close its client's socket"
                            + " however the conversation ended, also when it ended with an exception (in a finally)");
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
        awaitOnline(Set.of(), "after 32 clients came and went");
        awaitNoServerThreads(SERVE_THREAD, "after 32 clients came and went");
        if (OpenFiles.countable()) {
            Waits.until(() -> OpenFiles.count() <= filesBefore + 5,
                    () -> "after 32 clients came and went, the JVM holds " + (OpenFiles.count() - filesBefore)
                            + " more open files (sockets) than before: a handler must close its client's socket"
                            + " however the client left (in a finally)");
        }
    }

    // A handler that polls instead of blocking (a loop that goes on after readLine() returned
    // null, an accept loop that spins) burns a core while nobody talks.
    @Test
    @Step(2)
    @Points(1)
    @DisplayName("a server whose clients are all quiet uses no CPU")
    void quietServerUsesNoCpu() {
        join("quiet1");
        join("quiet2");
        connect(); // still choosing a name
        LineConnection halfClosed = join("gone");
        halfClosed.halfClose();
        assertThat(halfClosed.closedByServerWithin(Waits.WAIT)).as("the half-closed client's connection closed").isTrue();
        long processBefore = processCpuMillis();
        long used = LabThreads.cpuTimeWhileIdle(Duration.ofMillis(600), threadsBefore).toMillis();
        long process = processCpuMillis() - processBefore;
        // Absolute on an idle machine; relative to the whole JVM's CPU on a busy one, where a
        // looping thread gets only a slice of a core but still most of what this JVM gets.
        boolean loops = used >= 150 || (process >= 30 && used * 2 > process);
        assertThat(loops).as("the server's threads used %d ms of CPU, of the %d ms this JVM used, during 600 ms in which"
                + " no client sent anything: a thread loops instead of waiting", used, process).isFalse();
    }

    // The client sends its lines, then closes its sending side only (Ctrl+D in nc): it still
    // reads. It must get every answer, then see the connection close.
    @Test
    @Step(2)
    @Points(1)
    @DisplayName("a client that half-closes still gets every answer, then the server closes")
    void halfClosedClient() {
        LineConnection dora = connect();
        dora.send("dora").send("first").send("second");
        dora.halfClose();
        assertThat(next(dora, "WELCOME dora")).isEqualTo("WELCOME dora");
        assertThat(next(dora, "the echo of first")).isEqualTo("MSG dora first");
        assertThat(next(dora, "the echo of second")).isEqualTo("MSG dora second");
        assertThat(dora.closedByServerWithin(Waits.WAIT))
                .as("after the client's end of stream, the server should close the connection").isTrue();
        awaitOnline(Set.of(), "after dora's end of stream");
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("edges of the protocol: \\r\\n, {quit} as a name, blank lines, U+2028 in a message, non-Latin names")
    void protocolEdges() {
        LineConnection crlf = connect();
        crlf.sendRaw("tel_net\r\n".getBytes(StandardCharsets.UTF_8)); // telnet and Windows nc send \r\n
        assertThat(next(crlf, "the answer to tel_net sent with \\r\\n")).isEqualTo("WELCOME tel_net");
        crlf.sendRaw("hi\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(next(crlf, "the echo of hi sent with \\r\\n")).isEqualTo("MSG tel_net hi");

        LineConnection quitter = connect();
        quitter.send("{quit}");
        assertThat(quitter.readLine(Waits.WAIT)).as("the answer to {quit} sent instead of a name: the session ends,"
                + " the connection closes without a word").isNull();

        LineConnection ona = join("Ōna_李");
        ona.send(" \t ");
        ona.send("");
        assertEchoes(ona, "Ōna_李", "a\u2028b\u2029c ō"); // line and paragraph separators are not line ends
    }

    // Shutdown while clients are leaving: handlers remove themselves from the registry while the
    // serve thread walks it. An unsynchronised list (or a synchronizedList walked without its
    // lock) throws ConcurrentModificationException out of serve(), and clients are missed.
    @Test
    @Step(3)
    @Points(2)
    @DisplayName("close() while clients are leaving: serve() returns, every client is closed, every thread ends")
    void shutdownWhileClientsLeave() throws Exception {
        server.close(); // this test runs its own servers, several rounds
        for (int round = 1; round <= 4; round++) {
            shutdownRound(round);
        }
    }

    private void shutdownRound(int round) throws Exception {
        ChatServer roundServer = new ChatServer(0);
        Background roundServing = Background.start(SERVE_THREAD + " " + round, roundServer::serve);
        List<LineConnection> staying = new ArrayList<>();
        List<LineConnection> leaving = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                LineConnection client = LineConnection.open(roundServer.port());
                clients.add(client);
                client.send("r" + round + "c" + i);
                assertThat(Waits.nextLine(client, roundServing, "a WELCOME")).startsWith("WELCOME ");
                (i % 2 == 0 ? staying : leaving).add(client);
            }
            CyclicBarrier together = new CyclicBarrier(2);
            Background quitting = Background.start("quitting clients", () -> {
                together.await(5, TimeUnit.SECONDS);
                for (LineConnection client : leaving) {
                    client.send("{quit}");
                }
            });
            together.await(5, TimeUnit.SECONDS);
            roundServer.close();
            assertThat(quitting.endsWithin(Waits.WAIT)).isTrue();
            assertThat(roundServing.endsWithin(Waits.WAIT))
                    .as("round %d: serve() should end after close(), but %s", round, roundServing.describe()).isTrue();
            assertThat(roundServing.failure())
                    .as("round %d: what serve() threw when close() came while 15 clients were leaving (is the registry"
                            + " walked safely while handlers remove themselves?)", round).isNull();
            for (LineConnection client : staying) {
                assertThat(client.closedByServerWithin(Waits.WAIT))
                        .as("round %d: a client that stayed was still connected after close()", round).isTrue();
            }
        } finally {
            roundServer.close();
        }
        awaitNoServerThreads(SERVE_THREAD, "round " + round + ", after close() while clients were leaving");
    }

    // The platform charset of the server's JVM is US-ASCII and its line separator "\r\n": the
    // lines must still be UTF-8 in both directions, ended by '\n' alone.
    @Test
    @Step(2)
    @Points(1)
    @DisplayName("UTF-8 and '\\n' whatever the platform: the server in a JVM whose charset is US-ASCII and line end \\r\\n")
    void platformIndependent() throws Exception {
        server.close();
        try (ServerInChildJvm child = ServerInChildJvm.start();
             LineConnection zoe = LineConnection.open(child.port())) {
            zoe.send("Zoë_ōtani");
            assertThat(zoe.readLine(Duration.ofSeconds(5))).as("the answer to the name Zoë_ōtani, in a JVM whose"
                    + " default charset is US-ASCII (read and write with UTF-8 named explicitly)").isEqualTo("WELCOME Zoë_ōtani");
            zoe.send("ō 李雷 🙂");
            assertThat(zoe.readLine(Duration.ofSeconds(5))).as("the echo of \"ō 李雷 🙂\" from a JVM whose default charset"
                    + " is US-ASCII").isEqualTo("MSG Zoë_ōtani ō 李雷 🙂");
        }
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

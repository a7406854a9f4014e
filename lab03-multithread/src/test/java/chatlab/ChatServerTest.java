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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The thread-per-client server (handout steps 2 and 3), driven through sockets and online(). */
class ChatServerTest {

    private static final String SERVE_THREAD = "ChatServer.serve";

    private ChatServer server;
    private Background serving;
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();
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
    void stopServer() {
        clients.forEach(LineConnection::close);
        try {
            server.close();
        } catch (Exception ignored) {
            // only the close() test grades close()
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
        assertThat(next(client, "the answer to the name " + name))
                .as("the server's answer to the valid name %s", name)
                .isEqualTo("WELCOME " + name);
        return client;
    }

    private void assertEchoes(LineConnection client, String name, String text) {
        client.send(text);
        assertThat(next(client, "the echo of \"" + text + "\""))
                .as("what %s received after sending \"%s\"", name, text)
                .isEqualTo("MSG " + name + " " + text);
    }

    private void awaitOnline(Set<String> expected, String when) {
        Waits.until(() -> expected.equals(online()),
                () -> "online() " + when + " should be " + expected + ", but it is " + online());
    }

    private Set<String> online() {
        return new HashSet<>(server.online());
    }

    private void awaitNoLabThreadsBut(String except, String when) {
        Waits.until(() -> LabThreads.runningLabCode(except, threadsBefore).isEmpty(),
                () -> when + ", these threads are still running the server's code: "
                        + LabThreads.runningLabCode(except, threadsBefore)
                        + ". A handler must end when its client leaves (end of stream, {quit}, a broken or closed connection).");
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("welcomes a client and sends its messages back as MSG lines")
    void welcomesAndEchoes() {
        LineConnection client = connect();
        client.send("al ice");
        assertThat(next(client, "the answer to an invalid name")).as("the answer to the name \"al ice\"")
                .startsWith("REFUSED NAME_INVALID ");
        client.send("alice");
        assertThat(next(client, "the answer to the name alice")).isEqualTo("WELCOME alice");
        client.send("");
        assertEchoes(client, "alice", "ciao, è già l'una? 🙂 Ōsaka, 李雷");
    }

    @Test
    @Step(2)
    @Points(2)
    @DisplayName("serves several clients at the same time")
    void servesClientsAtTheSameTime() {
        List<LineConnection> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(join("user" + i)); // all five stay connected
        }
        for (int round = 1; round <= 3; round++) {
            for (int i = 5; i >= 1; i--) {
                assertEchoes(five.get(i - 1), "user" + i, "round " + round);
            }
        }
    }

    @Test
    @Step(2)
    @Points(2)
    @DisplayName("a client that stays silent blocks nobody")
    void silentClientBlocksNobody() {
        LineConnection silent = connect(); // never sends a name
        LineConnection halfName = connect();
        halfName.sendRaw("ali".getBytes(StandardCharsets.UTF_8)); // half a name, no line end
        LineConnection alice = join("alice"); // before its name is read, a silent client blocks nothing
        LineConnection quiet = join("quiet"); // welcomed, then says nothing
        assertEchoes(alice, "alice", "anybody stuck?");
        assertThat(silent).isNotNull();
        assertThat(halfName).isNotNull();
        assertThat(quiet).isNotNull();
    }

    @Test
    @Step(2)
    @Points(2)
    @DisplayName("online() lists the welcomed clients and drops those who left, however they left")
    void onlineListsWhoIsThere() {
        LineConnection alice = join("alice");
        LineConnection bob = join("bob");
        LineConnection carol = join("Carol");
        connect(); // connected, but no name yet: not in the chat
        awaitOnline(Set.of("alice", "bob", "Carol"), "with alice, bob and Carol welcomed");
        alice.send("{quit}");
        awaitOnline(Set.of("bob", "Carol"), "after alice sent {quit}");
        bob.reset();
        awaitOnline(Set.of("Carol"), "after bob's connection was reset");
        carol.close();
        awaitOnline(Set.of(), "after Carol closed her connection without {quit}");
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("{quit} closes the client's connection")
    void quitClosesTheConnection() {
        LineConnection alice = join("alice");
        alice.send("{quit}");
        assertThat(alice.closedByServerWithin(Waits.WAIT))
                .as("the server should close the connection after {quit}, but it stayed open")
                .isTrue();
    }

    @Test
    @Step(2)
    @Points(2)
    @DisplayName("no handler thread is left running after its client leaves")
    void handlersEndWhenClientsLeave() {
        List<LineConnection> many = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            many.add(join("user" + i));
        }
        for (int i = 0; i < 9; i++) {
            switch (i % 3) {
                case 0 -> many.get(i).send("{quit}");
                case 1 -> many.get(i).reset(); // connection reset
                default -> many.get(i).close(); // end of stream without {quit}
            }
        }
        connect().close(); // a client that leaves before giving a name
        awaitNoLabThreadsBut(SERVE_THREAD, "after all 10 clients left");
        join("still_served");
    }

    @Test
    @Step(2)
    @Points(2)
    @DisplayName("the registry stays right when 30 clients join and leave at the same moment")
    void registryIsThreadSafe() throws Exception {
        int count = 30;
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch allJoined = new CountDownLatch(count);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicReference<Throwable> onlineFailed = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            // Meanwhile, another thread keeps asking online(), as a status page would.
            Future<?> reader = pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        server.online();
                    } catch (RuntimeException e) {
                        onlineFailed.compareAndSet(null, e);
                    }
                }
            });
            List<Future<?>> users = new ArrayList<>();
            for (int i = 0; i < count - 1; i++) {
                String name = "racer" + i;
                users.add(pool.submit(() -> {
                    LineConnection client = connect();
                    client.send(name);
                    String answer;
                    try {
                        answer = client.readLine();
                    } finally {
                        allJoined.countDown();
                    }
                    if (!("WELCOME " + name).equals(answer)) {
                        throw new AssertionError(name + " got " + answer + " instead of WELCOME " + name);
                    }
                    leave.await(5, TimeUnit.SECONDS);
                    client.send("{quit}");
                    return null;
                }));
            }
            allJoined.countDown(); // the reader thread is not a client
            allJoined.await(5, TimeUnit.SECONDS);
            for (Future<?> user : users) {
                if (user.isDone()) {
                    getOrFail(user); // a client that got no WELCOME fails the test with its reason
                }
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < count - 1; i++) {
                expected.add("racer" + i);
            }
            awaitOnline(expected, "with " + (count - 1) + " clients welcomed at the same moment");
            leave.countDown();
            for (Future<?> user : users) {
                getOrFail(user);
            }
            awaitOnline(Set.of(), "after all of them sent {quit} at the same moment");
            stop.set(true);
            reader.get(5, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(onlineFailed.get())
                .as("what online() threw while clients joined and left (a collection that is not thread-safe?)")
                .isNull();
    }

    private static void getOrFail(Future<?> task) throws Exception {
        try {
            task.get(5, TimeUnit.SECONDS);
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
    @DisplayName("close() sends SHUTDOWN to every client, named or not, closes every connection, ends serve() and every handler")
    void closeShutsEverythingDown() throws IOException {
        List<LineConnection> named = List.of(join("alice"), join("bob"), join("carol"));
        LineConnection unnamed = connect();
        unnamed.send("no name"); // still choosing its name: refused once, connected
        assertThat(next(unnamed, "the answer to an invalid name")).startsWith("REFUSED NAME_INVALID ");
        int port = server.port();
        server.close();
        for (LineConnection client : named) {
            assertThat(next(client, "the shutdown notice")).as("what a client received when the server closed")
                    .isEqualTo("SHUTDOWN");
            assertThat(client.closedByServerWithin(Waits.WAIT))
                    .as("after SHUTDOWN the server should close the connection, but it stayed open").isTrue();
        }
        assertThat(next(unnamed, "the shutdown notice to a client still choosing its name"))
                .as("what a client still choosing its name received when the server closed (PROTOCOL.md §7:"
                        + " every connected client gets SHUTDOWN, named or not)")
                .isEqualTo("SHUTDOWN");
        assertThat(unnamed.closedByServerWithin(Waits.WAIT))
                .as("a client still choosing its name should be disconnected too, but it stayed connected").isTrue();
        assertThat(serving.endsWithin(Waits.WAIT)).as("serve() should end after close(), but %s",
                serving.describe()).isTrue();
        assertThat(serving.failure()).as("what serve() threw after close(): closing is a normal end").isNull();
        awaitNoLabThreadsBut("", "after close()");
        try (ServerSocket samePort = new ServerSocket(port)) {
            assertThat(samePort.getLocalPort()).isEqualTo(port);
        } catch (IOException stillTaken) {
            throw new AssertionError("after close() port " + port + " is still taken: " + stillTaken.getMessage());
        }
    }

    @Test
    @Step(2)
    @Points(1)
    @DisplayName("a line over 4096 bytes gets ERROR LINE_TOO_LONG and a disconnect; others go on")
    void refusesTooLongLines() {
        LineConnection other = join("other");
        LineConnection alice = join("alice");
        alice.send("é".repeat(3000)); // 6000 bytes of UTF-8
        assertThat(next(alice, "the answer to a line of 6000 bytes")).as("the answer to a line of 6000 bytes")
                .startsWith("ERROR LINE_TOO_LONG");
        assertThat(alice.closedByServerWithin(Waits.WAIT))
                .as("the server should close the connection after a line that is too long").isTrue();
        assertEchoes(other, "other", "still fine");
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection to the server (handout steps 1 to 4), without Swing: a fake server sees every
 * byte the client sends and plays the server's part.
 */
@Order(1) // the score table lists the test classes in the handout's order
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerConnectionTest {

    /** How long send(), startReading() and quit() may take: they must not wait for the network. */
    static final Duration AT_ONCE = Duration.ofSeconds(2);

    FakeServer fake;
    final List<ServerConnection> connections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakeServer() throws IOException {
        Edt.clearUncaught();
        fake = new FakeServer();
    }

    @AfterEach
    void closeEverything() {
        fake.close();
        connections.forEach(ServerConnection::close);
    }

    /** Connects on a background thread and plays the server's part of the handshake. */
    FakeServer.Peer join(String name) {
        CompletableFuture<ServerConnection> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return ServerConnection.connect("127.0.0.1", fake.port(), name);
            } catch (IOException e) {
                throw new IllegalStateException("ServerConnection.connect failed: " + e, e);
            }
        });
        FakeServer.Peer peer = fake.nextClient("ServerConnection.connect");
        String nameLine = peer.readLine("the name, the client's first line");
        assertThat(nameLine).as("the client's first line: its name").isEqualTo(name);
        peer.send("WELCOME " + name);
        try {
            ServerConnection connection = connecting.get(Waits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            connections.add(connection);
            assertThat(connection.name()).as("the name of the new connection").isEqualTo(name);
            return peer;
        } catch (ExecutionException failed) {
            throw rethrown(failed);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("ServerConnection.connect did not return after the server's WELCOME");
        }
    }

    /** What the call threw: a RuntimeException (a starter's TODO) as is, anything else as a failure. */
    static RuntimeException rethrown(ExecutionException failed) {
        if (failed.getCause() instanceof RuntimeException runtime) {
            return runtime;
        }
        throw new AssertionError(failed.getCause().toString(), failed.getCause());
    }

    ServerConnection connection() {
        return connections.get(connections.size() - 1);
    }

    /** Runs the call on another thread; fails if it does not return within 2 s. */
    static void returnsAtOnce(String what, Runnable call) {
        CompletableFuture<Void> calling = CompletableFuture.runAsync(call);
        try {
            calling.get(AT_ONCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException waiting) {
            throw new AssertionError(what + " did not return within " + AT_ONCE.toSeconds() + " s: it waits for the"
                    + " network. Called on the event dispatch thread, that freezes the window: hand the work to the"
                    + " connection's own threads (the writer, the reader)");
        } catch (ExecutionException failed) {
            throw rethrown(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** A listener that records what it gets, and on which thread. */
    static final class Recorder implements ServerConnection.Listener {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger ends = new AtomicInteger();

        @Override
        public void lineReceived(String line) {
            threads.add(Thread.currentThread());
            lines.add(line);
        }

        @Override
        public void connectionEnded() {
            threads.add(Thread.currentThread());
            ends.incrementAndGet();
        }

        void awaitLines(List<String> expected, String after) {
            Waits.until(() -> lines.size() >= expected.size(), () -> "after " + after + ", the listener should have"
                    + " received " + expected + ", but it received " + lines);
            assertThat(lines).as("the lines the listener received, after %s", after).isEqualTo(expected);
        }

        void awaitEnd(String after) {
            Waits.until(() -> ends.get() > 0, () -> "after " + after + ", the listener's connectionEnded() should"
                    + " have been called (the reader thread reports the end of the connection)");
        }

        /** Checks, for a while, that connectionEnded() is called exactly as many times as said. */
        void staysEnded(int times, String why) {
            try {
                Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> ends.get() == times);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("connectionEnded() was called " + ends.get() + " times; it should be " + times
                        + ": " + why);
            }
        }
    }

    @Test
    @Order(1)
    @Step(1)
    @Points(2)
    @DisplayName("connect sends the name as one UTF-8 line ended by '\\n', and joins on WELCOME")
    void sendsTheName() {
        join("Ōtani_é"); // checks the exact bytes: UTF-8, "\n" and no "\r"
        assertThat(connection().address()).as("the connection's address").isEqualTo("127.0.0.1:" + fake.port());
    }

    @Test
    @Order(2)
    @Step(2)
    @Points(2)
    @DisplayName("send writes each message as one line, in order, in UTF-8, exactly as typed")
    void sendsMessages() {
        FakeServer.Peer server = join("alice");
        List<String> messages = List.of("hello", "ō é 🙂 — ünïcode", "  spaces  kept  ", "{quit}?");
        returnsAtOnce("send()", () -> messages.forEach(connection()::send));
        for (String message : messages) {
            assertThat(server.readLine("the message \"" + message + "\"")).as("what the server received for send(\"%s\")",
                    message).isEqualTo(message);
        }
    }

    @Test
    @Order(3)
    @Step(2)
    @Points(1)
    @DisplayName("send returns at once, even when the server does not read")
    void sendDoesNotWaitForTheNetwork() {
        join("alice"); // this server never reads another byte
        String line = "x".repeat(4000);
        returnsAtOnce("8000 calls of send() (32 MB) to a server that does not read", () -> {
            for (int i = 0; i < 8000; i++) {
                connection().send(line);
            }
        });
    }

    @Test
    @Order(4)
    @Step(3)
    @Points(3)
    @DisplayName("startReading returns at once; its own thread hands every line to the listener, in order, then the end")
    void readsLinesOnItsOwnThread() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        Thread caller = Thread.currentThread();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        List<String> sent = List.of("MSG bob hi", "MSG bob ō é 🙂 perché", "JOINED carol", "MSG carol  two  spaces ");
        sent.forEach(server::send);
        listener.awaitLines(sent, "the server sent " + sent.size() + " lines");
        assertThat(listener.threads).as("the threads that called the listener").doesNotContain(caller);
        server.close();
        listener.awaitEnd("the server closed the connection");
        listener.staysEnded(1, "the end of a connection is reported once");
        assertThat(listener.lines).as("the lines received, once the connection ended").isEqualTo(sent);
    }

    @Test
    @Order(5)
    @Step(3)
    @Points(1)
    @DisplayName("a connection that breaks (a reset) is reported to the listener as its end")
    void reportsABrokenConnection() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        server.send("MSG bob last words");
        listener.awaitLines(List.of("MSG bob last words"), "the server sent a line");
        server.reset(); // the client's next read fails with "connection reset": an IOException, not null
        listener.awaitEnd("the connection was reset (readLine() threw an IOException)");
        listener.staysEnded(1, "the end of a connection is reported once");
    }

    @Test
    @Order(6)
    @Step(4)
    @Points(2)
    @DisplayName("quit sends {quit}, then closes the connection; the listener is not told of an end it caused")
    void quitSendsQuitAndCloses() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        returnsAtOnce("quit()", () -> connection().quit());
        assertThat(server.readLine("{quit}")).as("what the client sent on quit()").isEqualTo("{quit}");
        assertThat(server.readLine("the end of the connection after {quit}"))
                .as("after {quit} the client should close the connection; instead it sent another line").isNull();
        listener.staysEnded(0, "the client ended the connection itself (quit), so it is no news to the listener");
    }
}

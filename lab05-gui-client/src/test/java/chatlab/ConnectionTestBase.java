package chatlab;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

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
 * What the tests of {@link ServerConnection} share, without Swing: a fake server that sees every
 * byte the client sends and plays the server's part, and a listener that records what it gets.
 */
abstract class ConnectionTestBase {

    /** How long send(), startReading() and quit() may take: they must not wait for the network. */
    static final Duration AT_ONCE = Duration.ofSeconds(2);

    FakeServer fake;
    final List<ServerConnection> connections = new CopyOnWriteArrayList<>();

    /** The test libraries' start-up, outside every test's time bound (see Edt.warmUp). */
    @BeforeAll
    @Timeout(60)
    static void warmUpTheTestLibraries() throws Exception {
        Edt.warmUpTestLibraries();
    }

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
        peer.send("WELCOME " + name); // first: the client waits for the answer only so long
        assertThat(nameLine).as("the client's first line: its name").isEqualTo(name);
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
                Awaitility.await().dontCatchUncaughtExceptions().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> ends.get() == times);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("connectionEnded() was called " + ends.get() + " times; it should be " + times
                        + ": " + why);
            }
        }
    }
}

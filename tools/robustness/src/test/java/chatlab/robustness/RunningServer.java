package chatlab.robustness;

import chatlab.ChatServer;
import chatlab.ServerLimits;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The final chat server, in this JVM on a free port, and the test's clients; closes everything. */
final class RunningServer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);

    final ChatServer server;
    final Path log;
    private final Background serving;
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();

    RunningServer(Path log, ServerLimits limits) throws IOException {
        this.log = log;
        this.server = new ChatServer(InetAddress.getLoopbackAddress(), 0, log, 20, limits);
        this.serving = Background.start("serve()", server::serve);
    }

    RunningServer(Path folder) throws IOException {
        this(folder.resolve("chat_log.txt"), ServerLimits.DEFAULT);
    }

    int port() {
        return server.port();
    }

    /** A connection that has not said anything yet. */
    LineConnection connect() {
        LineConnection client = LineConnection.open(server.port());
        clients.add(client);
        return client;
    }

    /** A client in the chat; its history is read away. */
    LineConnection join(String name) {
        LineConnection client = connect();
        client.send(name);
        assertThat(client.readLine(WAIT)).as("answer to the name %s", name).isEqualTo("WELCOME " + name);
        return client;
    }

    /** The next line that is not HISTORY. */
    static String next(LineConnection client) {
        String line = client.readLine(WAIT);
        while (line != null && line.startsWith("HISTORY ")) {
            line = client.readLine(WAIT);
        }
        return line;
    }

    /** Reads lines until this one arrives; fails if the connection ends or the wait runs out first. */
    static void skipTo(LineConnection client, String wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = client.readLine(WAIT);
            assertThat(line).as("a line while waiting for <%s>", wanted).isNotNull();
            if (line.equals(wanted)) {
                return;
            }
        }
        throw new AssertionError("no <" + wanted + "> within " + WAIT);
    }

    /** Proof that the chat still works: a message goes round between two fresh clients (tag: up to 12 characters). */
    void stillChats(String tag) {
        LineConnection a = join("ok_a_" + tag);
        LineConnection b = join("ok_b_" + tag);
        skipTo(a, "JOINED ok_b_" + tag);
        a.send("still here");
        skipTo(b, "MSG ok_a_" + tag + " still here");
        a.send("{quit}");
        b.send("{quit}");
        assertThat(a.closedByServerWithin(WAIT)).isTrue();
        assertThat(b.closedByServerWithin(WAIT)).isTrue();
    }

    @Override
    public void close() throws IOException {
        clients.forEach(LineConnection::close);
        server.close();
        assertThat(serving.endsWithin(WAIT)).as("serve() ends after close()").isTrue();
        assertThat(serving.failure()).as("serve() ends without an exception").isNull();
    }
}

package chatlab.robustness;

import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static chatlab.robustness.RunningServer.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the full chat's server process in the middle of heavy chat: every line any
 * client saw is in chat_log.txt, in the order it was seen; after a restart, a torn last line is
 * skipped and cut off, and the chat goes on.
 */
class CrashTest {

    @TempDir
    Path folder;
    private final List<Process> servers = new CopyOnWriteArrayList<>();
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        clients.forEach(LineConnection::close);
        for (Process server : servers) {
            // Gone before the temporary folder is deleted: a live server would create its removed log again.
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void everyLineSeenIsInTheLogAfterKillDashNine() throws Exception {
        Path log = folder.resolve("chat_log.txt");
        int port = startServer(log);
        LineConnection recorder = join(port, "recorder");
        int talkers = 8;
        List<Thread> chatter = new ArrayList<>();
        for (int t = 0; t < talkers; t++) {
            LineConnection talker = join(port, "talker" + t);
            String name = "talker" + t;
            Thread thread = new Thread(() -> {
                try {
                    for (int m = 0; m < 100_000; m++) { // as fast as the server echoes: heavy, but nobody is dropped
                        String said = name + " says " + m;
                        talker.send(said);
                        String line;
                        do { // skip the others' lines up to the echo of this one
                            line = talker.readLine(WAIT);
                            if (line == null) {
                                return; // killed
                            }
                        } while (!line.equals("MSG " + name + " " + said));
                    }
                } catch (AssertionError serverGone) {
                    // killed: this talker is done
                }
            }, name);
            thread.setDaemon(true);
            chatter.add(thread);
        }
        chatter.forEach(Thread::start);

        List<String> seen = new ArrayList<>();
        for (String line; seen.size() < 3000 && (line = recorder.readLine(WAIT)) != null; ) {
            seen.add(line);
        }
        assertThat(seen).as("lines the recorder saw before the kill").hasSizeGreaterThan(1000);
        servers.get(0).destroyForcibly(); // SIGKILL in full flight
        assertThat(servers.get(0).waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (String line; (line = recorder.readLine(WAIT)) != null; ) {
            seen.add(line); // what was already on its way to the recorder
        }

        List<String> recorded = recordedLines(log);
        assertThat(recorded).as("the log after kill -9 (%d records) holds the %d lines the recorder saw, in its order",
                recorded.size(), seen.size()).containsSubsequence(seen);

        // A torn record, as a crash in the middle of a write leaves it; then a restart.
        Files.writeString(log, "2026-11-21T22:00:00.123Z MSG ghost I was cut sh", StandardOpenOption.APPEND);
        int second = startServer(log);
        LineConnection newcomer = join(second, "newcomer");
        newcomer.send("after the crash");
        List<String> history = new ArrayList<>();
        for (String line = newcomer.readLine(WAIT); !"MSG newcomer after the crash".equals(line); line = newcomer.readLine(WAIT)) {
            assertThat(line).isNotNull().startsWith("HISTORY ");
            history.add(line);
        }
        assertThat(history).as("the history after the restart").hasSize(500).noneMatch(line -> line.contains("ghost"));
        List<String> after = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(after).noneMatch(line -> line.contains("ghost"));
        assertThat(after.get(after.size() - 1)).endsWith(" MSG newcomer after the crash");
        assertThat(after.get(after.size() - 2)).endsWith(" JOINED newcomer");
    }

    /** The protocol lines of the log's records (the instant cut off), torn last line left out. */
    private static List<String> recordedLines(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last '\n': empty, or a torn line
        return lines.stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
    }

    private LineConnection join(int port, String name) {
        LineConnection client = LineConnection.open(port);
        clients.add(client);
        client.send(name);
        String line = client.readLine(WAIT);
        assertThat(line).isEqualTo("WELCOME " + name);
        return client;
    }

    /** Starts the full chat's server in a process of its own; returns its port. */
    private int startServer(Path log) throws Exception {
        Path errors = folder.resolve("server-" + servers.size() + ".err");
        // No flood limit: the talkers send as fast as the server echoes (SlowReadersTest tests the limit).
        Process server = ServerProcess.command("--port", "0", "--log", log.toString(), "--history", "500",
                        "--flood-lines", "0")
                .redirectError(errors.toFile()).start();
        servers.add(server);
        return ServerProcess.portOf(server, errors.toString());
    }
}

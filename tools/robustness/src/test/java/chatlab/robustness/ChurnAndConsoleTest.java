package chatlab.robustness;

import chatlab.ServerLimits;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static chatlab.robustness.RunningServer.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a mischievous classmate does without sending a single chat line: connections that come
 * and go by the thousand, a server console that nobody reads, a chat log that is not a file.
 */
class ChurnAndConsoleTest {

    @TempDir
    Path folder;
    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            // Gone before the temporary folder is deleted: a live server would create its removed log again.
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Each connection costs the server some 30 KB (buffers, queue, threads' state). If anything
     * still holds it after the client left (the name deadline did, for its whole 30 s), a few
     * thousand quick connect-and-close cycles fill the heap, and the accept thread dies.
     */
    @Test
    @Timeout(60)
    void connectionsThatComeAndGoLeaveNothingBehind() throws Exception {
        ServerLimits patient = new ServerLimits(1_000, Duration.ofMinutes(10)); // deadlines far away
        try (RunningServer chat = new RunningServer(folder.resolve("chat_log.txt"), patient)) {
            comeAndGo(chat, 200); // the first connections load classes and grow pools: not a leak
            chat.stillChats("warm");
            long before = usedHeapAfterGc();
            comeAndGo(chat, 2_000);
            await("the heap to shrink back after 2,000 connections left").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(usedHeapAfterGc() - before)
                            .as("bytes still held after 2,000 connections came and went").isLessThan(16L << 20));
            chat.stillChats("after");
        }
    }

    /**
     * A terminal where someone pressed Ctrl+S, a Windows console in selection mode, or standard
     * error piped into a pager nobody reads: writing to it waits. The server's log must never make
     * the chat wait with it. Here its standard error is a pipe this test never reads, which is
     * full after 64 KB; 1,500 clients that join and leave log far more than that.
     */
    @Test
    @Timeout(90)
    void aConsoleNobodyReadsDoesNotFreezeTheChat() throws Exception {
        // The server's own logging set-up (logback.xml), not this module's quiet logback-test.xml,
        // which logs warnings only and would leave the console nearly empty.
        server = ServerProcess.command(List.of("-Dlogback.configurationFile=logback.xml"),
                "--port", "0", "--log", folder.resolve("chat_log.txt").toString(),
                "--history", "0").start(); // standard error: a pipe, never read
        int port = ServerProcess.portOf(server, "(its standard error is not kept)");
        for (int i = 0; i < 1_500; i++) {
            try (LineConnection visitor = LineConnection.open(port)) {
                visitor.send("visitor" + i);
                assertThat(visitor.readLine(WAIT)).as("answer to visitor %d (a server whose console is full "
                        + "waits for it)", i).isEqualTo("WELCOME visitor" + i);
                visitor.send("{quit}");
                assertThat(visitor.closedByServerWithin(WAIT)).as("visitor %d's {quit}", i).isTrue();
            }
        }
        try (LineConnection alice = LineConnection.open(port); LineConnection bob = LineConnection.open(port)) {
            alice.send("alice");
            assertThat(alice.readLine(WAIT)).isEqualTo("WELCOME alice");
            bob.send("bob");
            assertThat(bob.readLine(WAIT)).isEqualTo("WELCOME bob");
            assertThat(alice.readLine(WAIT)).isEqualTo("JOINED bob");
            bob.send("still chatting");
            assertThat(alice.readLine(WAIT)).isEqualTo("MSG bob still chatting");
        }
    }

    /** Opening a FIFO for writing waits for a reader: the server would hang at start, saying nothing. */
    @Test
    @Timeout(60)
    void aLogThatIsNotARegularFileIsRefusedWithAMessage() throws Exception {
        Path fifo = folder.resolve("chat_log.txt");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available here");
        Path errors = folder.resolve("server.err");
        server = ServerProcess.command("--port", "0", "--log", fifo.toString()).redirectError(errors.toFile()).start();
        assertThat(server.waitFor(40, TimeUnit.SECONDS)).as("the server stops by itself (no hang)").isTrue();
        assertThat(server.exitValue()).as("exit status").isNotZero();
        assertThat(Files.readString(errors, StandardCharsets.UTF_8)).contains("is not a regular file");
    }

    private static void comeAndGo(RunningServer chat, int times) {
        for (int i = 0; i < times; i++) {
            LineConnection.open(chat.port()).close();
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}

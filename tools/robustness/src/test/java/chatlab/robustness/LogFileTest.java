package chatlab.robustness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chatlab.ChatLog;
import chatlab.ServerLimits;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static chatlab.robustness.RunningServer.WAIT;
import static chatlab.robustness.RunningServer.skipTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat log against its past and against the people around it: a log of hundreds of MB (a
 * flood, or years), the file edited, truncated or removed while the server runs, a disk that fills
 * up and frees again, records that were edited by hand.
 */
class LogFileTest {

    private static final Instant LONG_AGO = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path folder;
    private final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();
    private final Logger chatLogLogger = (Logger) LoggerFactory.getLogger(ChatLog.class);
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();
    private Path mounted;

    @BeforeEach
    void captureTheServerLog() {
        serverLog.start();
        chatLogLogger.addAppender(serverLog);
    }

    @AfterEach
    void release() throws Exception {
        chatLogLogger.detachAppender(serverLog);
        clients.forEach(LineConnection::close);
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    /** Issue 14 #1: a 1 GB log took 23 s and 5.5 GB to start, a 2.2 GB one did not start at all. */
    @Test
    @Timeout(90)
    void aLogOfHundredsOfMegabytesStartsInASmallHeap() throws Exception {
        Path log = folder.resolve("chat_log.txt");
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(300L << 20); // 300 MB of a long past in no time: a sparse file (zero bytes, not records)
        }
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(LONG_AGO.plusSeconds(i) + " MSG alice message " + i);
        }
        Files.writeString(log, "\n" + String.join("\n", records) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        long started = System.nanoTime();
        Path errors = folder.resolve("server.err");
        Process server = ServerProcess.command(List.of("-Xmx64m"), "--port", "0", "--log", log.toString(),
                "--history", "20").redirectError(errors.toFile()).start();
        processes.add(server);
        int port = ServerProcess.portOf(server, "a log of 300 MB with -Xmx64m (its errors are in " + errors + ")");
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("a server with a log of %d MB and -Xmx64m listened after %d ms%n", Files.size(log) >> 20,
                startMillis);

        LineConnection bob = LineConnection.open(port);
        clients.add(bob);
        bob.send("bob");
        assertThat(bob.readLine(WAIT)).isEqualTo("WELCOME bob");
        for (String record : records.subList(10, 30)) {
            assertThat(bob.readLine(WAIT)).as("bob's history: the last 20 records of the log").isEqualTo("HISTORY " + record);
        }
    }

    /** A size cap: past it the log becomes chat_log.1.txt, and a restart still finds the history there. */
    @Test
    @Timeout(90)
    void aFullLogIsRotatedAndTheHistorySurvivesTheRotation() throws Exception {
        Path log = folder.resolve("chat_log.txt");
        StringBuilder past = new StringBuilder();
        for (int i = 0; past.length() < (1 << 20) + 1000; i++) { // just over 1 MB
            past.append(LONG_AGO.plusSeconds(i)).append(" MSG alice an old message, number ").append(i).append('\n');
        }
        Files.writeString(log, past, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("chat_log.1.txt"), LONG_AGO + " MSG alice older still\n");

        int port = startServer(log, "--log-max-mb", "1", "--log-keep", "2", "--history", "3");
        LineConnection alice = join(port, "alice"); // JOINED alice is recorded, and the log is past 1 MB: rotated
        alice.send("after the rotation");
        skipTo(alice, "MSG alice after the rotation");

        assertThat(Files.readString(folder.resolve("chat_log.2.txt"))).as("chat_log.2.txt: the old chat_log.1.txt")
                .isEqualTo(LONG_AGO + " MSG alice older still\n");
        assertThat(Files.readString(folder.resolve("chat_log.1.txt"))).as("chat_log.1.txt: the full log")
                .startsWith(past.toString()).endsWith(" JOINED alice\n");
        assertThat(Files.readAllLines(log)).as("chat_log.txt after the rotation").hasSize(1)
                .allMatch(line -> line.endsWith(" MSG alice after the rotation"));
        assertThat(Files.exists(folder.resolve("chat_log.3.txt"))).as("chat_log.3.txt (--log-keep 2)").isFalse();

        processes.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int again = startServer(log, "--log-max-mb", "1", "--log-keep", "2", "--history", "3");
        LineConnection bob = join(again, "bob");
        List<String> history = List.of(bob.readLine(WAIT), bob.readLine(WAIT), bob.readLine(WAIT));
        assertThat(history).as("bob's history after a restart: the end of chat_log.1.txt, then chat_log.txt")
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("HISTORY ").contains(" MSG alice an old message, number "),
                        line -> assertThat(line).startsWith("HISTORY ").endsWith(" JOINED alice"),
                        line -> assertThat(line).startsWith("HISTORY ").endsWith(" MSG alice after the rotation"));
    }

    /** Issue 14 #8: after {@code sed -i} the server went on writing into the old file, which nobody sees. */
    @Test
    @Timeout(30)
    void aLogReplacedWhileRunningIsOpenedAgain() throws Exception {
        try (RunningServer chat = new RunningServer(folder)) {
            LineConnection alice = chat.join("alice");
            alice.send("my password is hunter2");
            alice.send("sorry, forget that");
            skipTo(alice, "MSG alice sorry, forget that");

            // What sed -i '/hunter2/d' does: writes the lines it keeps to a new file, renamed over the log.
            Path edited = folder.resolve("sedXYZ123");
            List<String> kept = Files.readAllLines(chat.log).stream().filter(line -> !line.contains("hunter2")).toList();
            Files.write(edited, kept);
            Files.move(edited, chat.log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            alice.send("after the edit");
            skipTo(alice, "MSG alice after the edit");
            alice.send("and one more");
            skipTo(alice, "MSG alice and one more");
            assertThat(Files.readString(chat.log)).as("the log file after it was replaced and alice wrote on")
                    .contains(" MSG alice sorry, forget that\n", " MSG alice after the edit\n", " MSG alice and one more\n")
                    .doesNotContain("hunter2");
            assertThat(historyOf(chat, "carol")).as("carol's history after the edit")
                    .contains("MSG alice sorry, forget that", "MSG alice after the edit")
                    .noneMatch(line -> line.contains("hunter2"));
        }
        assertThat(warnings("replaced")).as("warnings that the log was replaced").hasSize(1);
    }

    @Test
    @Timeout(30)
    void aLogTruncatedWhileRunningGivesNoHistoryFromBefore() throws Exception {
        try (RunningServer chat = new RunningServer(folder)) {
            LineConnection alice = chat.join("alice");
            alice.send("before the truncation");
            skipTo(alice, "MSG alice before the truncation");
            try (FileChannel file = FileChannel.open(chat.log, StandardOpenOption.WRITE)) {
                file.truncate(0); // truncate -s 0 chat_log.txt
            }
            alice.send("after the truncation");
            skipTo(alice, "MSG alice after the truncation");
            assertThat(Files.readAllLines(chat.log)).as("the log after it was truncated and alice wrote on").hasSize(1)
                    .allMatch(line -> line.endsWith(" MSG alice after the truncation"));
            assertThat(historyOf(chat, "carol")).as("carol's history: what the file holds")
                    .containsExactly("MSG alice after the truncation");
        }
        assertThat(warnings("truncated")).as("warnings that the log was truncated").hasSize(1);
    }

    @Test
    @Timeout(30)
    void aLogRemovedWhileRunningIsCreatedAgain() throws Exception {
        try (RunningServer chat = new RunningServer(folder)) {
            LineConnection alice = chat.join("alice");
            alice.send("before rm");
            skipTo(alice, "MSG alice before rm");
            Files.delete(chat.log);
            assertThat(historyOf(chat, "carol")).as("carol's history once the log was removed").isEmpty();
            alice.send("after rm");
            skipTo(alice, "MSG alice after rm");
            assertThat(Files.exists(chat.log)).as("the log file, removed, after alice wrote on").isTrue();
            assertThat(Files.readString(chat.log)).contains(" JOINED carol\n", " MSG alice after rm\n")
                    .doesNotContain("before rm");
        }
        assertThat(warnings("removed")).as("warnings that the log was removed").hasSize(1);
    }

    /** Issue 14 #8: after a full disk, saving never resumed once space was freed. Needs root, for a small tmpfs. */
    @Test
    @Timeout(60)
    void savingResumesOnceTheDiskHasSpaceAgain() throws Exception {
        Path disk = Files.createDirectory(folder.resolve("small_disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", disk.toString()) == 0,
                "cannot mount a small tmpfs here (not root?)");
        mounted = disk;
        Path log = disk.resolve("chat_log.txt");
        try (RunningServer chat = new RunningServer(log, ServerLimits.DEFAULT)) {
            LineConnection alice = chat.join("alice");
            Path filler = disk.resolve("filler");
            try (OutputStream out = Files.newOutputStream(filler)) {
                byte[] block = new byte[1024];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (IOException full) {
                // the disk is full
            }
            int sent = 0;
            while (errors().isEmpty() && sent < 500) { // until the log's last page is full too
                alice.send("while the disk is full " + sent);
                skipTo(alice, "MSG alice while the disk is full " + sent);
                sent++;
            }
            assertThat(errors()).as("errors once the disk was full (%d messages sent)", sent).hasSize(1);

            Files.delete(filler);
            alice.send("space is back");
            skipTo(alice, "MSG alice space is back");
            alice.send("and more");
            skipTo(alice, "MSG alice and more");
            assertThat(Files.readString(log)).as("the log once the disk had space again")
                    .contains(" MSG alice space is back\n", " MSG alice and more\n");
            for (String line : Files.readAllLines(log)) {
                assertThat(line).as("every line of the log is a whole record (a write cut short is cut off)")
                        .matches("\\S+Z (JOINED alice|MSG alice (while the disk is full \\d+|space is back|and more))");
            }
        }
        assertThat(errors()).as("errors: reported once").hasSize(1);
        assertThat(warnings("again")).as("what the operator was told when saving resumed").hasSize(1);
    }

    /** Issue 14 #8: history lines were sent as they stood in the file, without the cleaning live lines get. */
    @Test
    @Timeout(30)
    void historyLinesAreCleanedAsLiveOnes() throws Exception {
        Path log = folder.resolve("chat_log.txt");
        String escape = LONG_AGO + " MSG mallory \u001b[2J\u001b[Hthe screen is cleared\n";
        String windows = LONG_AGO.plusSeconds(1) + " MSG bob saved on Windows\r\n";
        String huge = LONG_AGO.plusSeconds(2) + " MSG mallory " + "x".repeat(10_000) + "\n";
        String bell = LONG_AGO.plusSeconds(3) + " MSG mallory ding\u0007 and \rover\n";
        Files.writeString(log, escape + windows + huge + bell, StandardCharsets.UTF_8);
        try (RunningServer chat = new RunningServer(log, ServerLimits.DEFAULT)) {
            List<String> history = historyOf(chat, "carol");
            assertThat(history).as("carol's history of a log edited by hand").containsExactly(
                    "MSG mallory \uFFFD[2J\uFFFD[Hthe screen is cleared",
                    "MSG bob saved on Windows",
                    "MSG mallory ding\uFFFD and \uFFFDover");
        }
    }

    /** The lines (without instants) of the history a newcomer gets; a live message ends it. */
    private List<String> historyOf(RunningServer chat, String name) {
        LineConnection newcomer = chat.join(name);
        LineConnection marker = chat.join(name + "_m");
        marker.send("end of history");
        List<String> history = new ArrayList<>();
        for (String line = newcomer.readLine(WAIT); !line.equals("MSG " + name + "_m end of history");
             line = newcomer.readLine(WAIT)) {
            if (line.startsWith("HISTORY ")) {
                history.add(line.substring(line.indexOf(' ', "HISTORY ".length()) + 1));
            }
        }
        newcomer.send("{quit}");
        marker.send("{quit}");
        return history;
    }

    private int startServer(Path log, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("--port", "0", "--log", log.toString()));
        command.addAll(List.of(options));
        Path errors = Files.createTempFile(folder, "server", ".err");
        Process server = ServerProcess.command(command.toArray(String[]::new)).redirectError(errors.toFile()).start();
        processes.add(server);
        return ServerProcess.portOf(server, "the server's errors are in " + errors);
    }

    private LineConnection join(int port, String name) {
        LineConnection client = LineConnection.open(port);
        clients.add(client);
        client.send(name);
        assertThat(client.readLine(WAIT)).isEqualTo("WELCOME " + name);
        return client;
    }

    private List<String> warnings(String about) {
        return serverLog.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(message -> message.contains(about)).toList();
    }

    private List<String> errors() {
        return serverLog.list.stream().filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import chatlab.testkit.Waits;
import chatlab.testkit.OpenFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Teacher-only tests of lab06: the mistakes the public tests let through (see MISTAKES.md).
 * Every one checks behaviour the handout asks for, through ChatLog's and ChatRecord's documented
 * API, the server's socket and the bytes of the file.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatLogHiddenTest {

    @TempDir
    Path folder;
    private Path logFile;
    private final List<ChatServer> servers = new CopyOnWriteArrayList<>();
    private final List<Background> servings = new CopyOnWriteArrayList<>();
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void watch() {
        Waits.watchUncaughtTodos();
        logFile = folder.resolve("chat_log.txt");
    }

    @AfterEach
    void stopEverything() {
        clients.forEach(LineConnection::close);
        for (ChatServer server : servers) {
            try {
                server.close();
            } catch (Exception ignored) {
                // only the tests judge close()
            }
        }
        // Until serve() has returned the log may still be written (a LEFT): it must not be done while
        // the temporary folder is deleted.
        servings.forEach(serving -> serving.endsWithin(Waits.WAIT));
    }

    // ---------------------------------------------------------------- step 2: writing

    @Test
    @Order(1)
    @Step(2)
    @Points(2)
    @DisplayName("a write that fails after the log was opened (a full disk): append() never throws, reported once")
    void writeFailureAfterOpenIsReportedOnce() {
        Path full = Path.of("/dev/full"); // a device that opens like a file and fails every write: "No space left"
        assumeTrue(Files.isWritable(full), "this system has no /dev/full");
        try (ServerLogCapture serverLog = ServerLogCapture.start()) {
            ChatLog log = new ChatLog(full, 5);
            try {
                int reports = -1;
                for (int i = 1; i <= 10; i++) {
                    try {
                        log.append("MSG alice m" + i);
                    } catch (UnsupportedOperationException todo) {
                        throw todo;
                    } catch (RuntimeException e) {
                        throw new AssertionError("append() threw " + e + " when writing to the log failed (the disk"
                                + " is full): catch the IOException, report it, and go on without the file", e);
                    }
                    if (i == 1) {
                        reports = serverLog.warningsMentioning("");
                        assertThat(reports).as("warnings and errors in the server's log (LOG) after a write to a"
                                + " full disk failed: none. A PrintWriter hides write errors (it never throws):"
                                + " write through a Writer that throws, and report the IOException").isPositive();
                    }
                }
                assertThat(serverLog.warningsMentioning("")).as("warnings and errors in the server's log after"
                        + " 10 appends to a full disk (%d after the first): report once, then stop writing (out"
                        + " = null)", reports).isEqualTo(reports);
                assertThat(ChatLogFileTest.lines(log.history())).as("history() after 10 appends to a full disk: the"
                        + " records are still kept for newcomers").containsExactly("MSG alice m6", "MSG alice m7",
                        "MSG alice m8", "MSG alice m9", "MSG alice m10");
            } finally {
                log.close();
            }
        }
    }

    @Test
    @Order(1)
    @Step(2)
    @Points(1)
    @DisplayName("after a failed write, saving resumes as soon as the log can be written again (later records are in the file)")
    void savingResumesOnceTheLogCanBeWritten() throws IOException {
        Path full = Path.of("/dev/full"); // every write fails: "No space left on device"
        assumeTrue(Files.isWritable(full), "this system has no /dev/full");
        try {
            Files.createSymbolicLink(logFile, full); // the log's path leads to a full disk
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "this system cannot make a symbolic link: " + e);
        }
        try (ServerLogCapture serverLog = ServerLogCapture.start()) {
            ChatLog log = new ChatLog(logFile, 5);
            try {
                log.append("MSG alice lost on a full disk");
                assertThat(serverLog.warningsMentioning("")).as("warnings and errors in the server's log after a"
                        + " write to a full disk failed").isPositive();
                Files.delete(logFile); // the disk has room again: a file can be created at the log's path
                log.append("MSG alice saved again");
                log.append("MSG alice and again");
                List<String> saved = new ArrayList<>();
                if (Files.isRegularFile(logFile)) {
                    for (String record : ChatLogFileTest.readUtf8(logFile).split("\n")) {
                        saved.add(record.substring(record.indexOf(' ') + 1));
                    }
                }
                assertThat(saved).as("the lines of the records in the log, once it could be written again after"
                        + " a failed write: the records appended since then. On a failure call closeQuietly(),"
                        + " not close(): close() ends the log for good, and the given code never tries again")
                        .containsExactly("MSG alice saved again", "MSG alice and again");
            } finally {
                log.close();
            }
        }
    }

    @Test
    @Order(2)
    @Step(2)
    @Points(2)
    @DisplayName("8 threads x 1000 appends at once to one ChatLog: every record a whole line, none lost, each thread's in order")
    void appendsFromManyThreadsStayWhole() throws Exception {
        int threads = 8;
        int each = 1000; // many rounds: two threads must meet inside append() often, not by luck
        ChatLog log = new ChatLog(logFile, Protocol.MAX_HISTORY);
        List<ChatRecord> history;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                done.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    for (int i = 0; i < each; i++) {
                        log.append("MSG " + name + " " + i + " " + "ō".repeat(i % 100 == 0 ? 700 + i % 900 : 1 + i % 7));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
            history = log.history();
        } finally {
            pool.shutdownNow();
            log.close();
        }
        String text = ChatLogFileTest.readUtf8(logFile);
        assertThat(text).as("the log's end after %d appends from %d threads", threads * each, threads).endsWith("\n");
        List<String> lines = List.of(text.split("\n"));
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>());
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String[] parts = line.split(" ", 5);
            boolean whole = parts.length == 5 && isInstant(parts[0]) && parts[1].equals("MSG")
                    && parts[2].matches("t[0-7]") && parts[3].matches("\\d+") && !parts[4].isEmpty()
                    && !parts[4].contains(" MSG "); // the text of one record, not the start of another
            assertThat(whole).as("line %d of the log, written by %d threads at once, is not one whole record: \"%s\"."
                    + " Two records glued or cut: append() must write a record and its '\\n' in one piece, under"
                    + " the log's lock (synchronized)", n + 1, threads, shorten(line)).isTrue();
            seen.get(parts[2].charAt(1) - '0').add(Integer.parseInt(parts[3]));
        }
        for (int t = 0; t < threads; t++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                expected.add(i);
            }
            assertThat(seen.get(t)).as("the records of thread t%d in the log, in file order", t).isEqualTo(expected);
        }
        assertThat(ChatLogFileTest.formatted(history)).as("history() after %d appends from %d threads: the last %d"
                        + " records of the file, in the file's order (remember and write each record in one step, under"
                        + " the log's lock)", threads * each, threads, Protocol.MAX_HISTORY)
                .isEqualTo(lines.subList(lines.size() - Protocol.MAX_HISTORY, lines.size()));
    }

    @Test
    @Order(3)
    @Step(2)
    @Points(1)
    @DisplayName("the log keeps one file open, not one more per record (no file handle leaked)")
    void noFileHandlePerRecord() {
        assumeTrue(OpenFiles.countable(), "open files can only be counted on Linux and macOS");
        ChatLog log = new ChatLog(logFile, 0);
        long before;
        long after;
        try {
            log.append("JOINED alice");
            before = openFiles();
            for (int i = 0; i < 300; i++) {
                log.append("MSG alice m" + i);
            }
            after = openFiles();
        } finally {
            log.close();
        }
        assertThat(after - before).as("files open in this program after 300 more appends (%d before): every append"
                + " that opens the file must close it, or better, open it once (step 1)", before).isLessThan(30);
    }

    @Test
    @Order(4)
    @Step(2)
    @Points(1)
    @DisplayName("history() never shows a record before it is in the file (append() writes it under the log's lock)")
    void historyNeverAheadOfTheFile() throws Exception {
        try (Pipe pipe = Pipe.make(folder.resolve("chat_log.fifo"));
             ServerLogCapture serverLog = ServerLogCapture.start()) {
            ChatLog log = new ChatLog(pipe.path, 10);
            try {
                log.append("JOINED alice");
                if (!pipe.carries(" JOINED alice\n", serverLog, "append(\"JOINED alice\") never reached the log:"
                        + " flush() after writing")) {
                    return;
                }
                pipe.fill(); // the next write must wait, as on a very slow disk
                Background writing = Background.start("append", () -> log.append("MSG alice while the disk is slow"));
                AtomicBoolean unblocked = new AtomicBoolean();
                List<String> tooEarly = new CopyOnWriteArrayList<>();
                Background looking = Background.start("history", () -> {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                    while (System.nanoTime() < until && tooEarly.isEmpty()) {
                        List<String> history = ChatLogFileTest.lines(log.history()); // waits while append() holds the lock
                        if (!unblocked.get() && history.contains("MSG alice while the disk is slow")) {
                            tooEarly.addAll(history);
                        }
                    }
                });
                looking.endsWithin(Duration.ofMillis(1500));
                unblocked.set(true); // from now on the record can reach the file
                Background drain = pipe.drainUntil(() -> writing.hasEnded() && looking.hasEnded());
                boolean ended = writing.endsWithin(Waits.WAIT) && looking.endsWithin(Waits.WAIT)
                        && drain.endsWithin(Waits.WAIT);
                assertThat(tooEarly).as("history() while the record \"MSG alice while the disk is slow\" could not be"
                        + " written yet (the file was full): it already held that record. append() must remember and"
                        + " write a record in one step, under the log's lock (synchronized), so that nobody sees"
                        + " a record that is not in the file").isEmpty();
                assertThat(ended).as("append() and history() ended once the file could be written again").isTrue();
                assertThat(pipe.drained()).as("what append() wrote to the log")
                        .contains(" MSG alice while the disk is slow\n");
            } finally {
                log.close();
            }
        }
    }

    @Test
    @Order(5)
    @Step(2)
    @Points(1)
    @DisplayName("records end with '\\n' and are UTF-8 also where the platform ends lines with \\r\\n and speaks ASCII")
    void lineEndAndCharsetWhateverThePlatform() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Dline.separator=\r\n", "-Dfile.encoding=US-ASCII",
                "-cp", System.getProperty("java.class.path"), WindowsLikeRun.class.getName(), logFile.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Background draining = Background.start("child output", () -> process.getInputStream().transferTo(output));
        boolean ended = process.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        draining.endsWithin(Duration.ofSeconds(5));
        assertThat(ended && process.exitValue() == 0).as("a program that opens a ChatLog, appends 2 records and closes"
                + " it, run with -Dline.separator=\\r\\n -Dfile.encoding=US-ASCII, ended normally; its output:\n%s",
                shorten(output.toString(StandardCharsets.UTF_8))).isTrue();
        byte[] bytes = Files.readAllBytes(logFile);
        String text = ChatLogFileTest.readUtf8(logFile);
        assertThat(text.indexOf('\r')).as("where the log written on a platform whose line end is \\r\\n holds a '\\r'"
                + " (-1: none). End records with \"\\n\", not println() or newLine(): the log's format is the same"
                + " on every platform").isEqualTo(-1);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            lines.add(space < 0 ? line : line.substring(space + 1));
        }
        assertThat(lines).as("the records written where the platform's charset is US-ASCII (%d bytes): UTF-8 whatever"
                + " the platform, so 'ō' and emoji are not lost", bytes.length).containsExactly(WindowsLikeRun.LINES);
    }

    /** Run in a JVM of its own by {@link #lineEndAndCharsetWhateverThePlatform()}. */
    static final class WindowsLikeRun {
        static final String[] LINES = {"JOINED kōji", "MSG kōji ciao, è già l'una 🙂"};

        public static void main(String[] args) {
            ChatLog log = new ChatLog(Path.of(args[0]), 0);
            for (String line : LINES) {
                log.append(line);
            }
            log.close();
        }
    }

    // ---------------------------------------------------------------- step 3: recording before broadcasting

    @Test
    @Order(6)
    @Step(3)
    @Points(2)
    @DisplayName("no client sees a line whose record could not be written yet (the log is a pipe nobody reads)")
    void noLineBroadcastBeforeItsRecord() throws Exception {
        try (Pipe pipe = Pipe.make(folder.resolve("chat_log.fifo"));
             ServerLogCapture serverLog = ServerLogCapture.start()) {
            ChatServer server = new ChatServer(0, pipe.path, 0);
            servers.add(server);
            Background serving = Background.start("ChatServer.serve", server::serve);
        servings.add(serving);
            LineConnection alice = LineConnection.open(server.port());
            clients.add(alice);
            alice.send("alice");
            assertThat(Waits.nextLine(alice, serving, "alice's WELCOME")).isEqualTo("WELCOME alice");
            if (!pipe.carries(" JOINED alice\n", serverLog, "alice joined, but her JOINED record never reached the"
                    + " log: record every line in broadcast(), and flush() it")) {
                return;
            }
            pipe.fill();
            alice.send("while the log is blocked");
            String early = null;
            try {
                early = alice.readLine(Duration.ofMillis(1500));
            } catch (AssertionError nothingYet) {
                // right: the line waits for its record
            }
            Background drain = pipe.drainUntil(serving::hasEnded);
            String echo = early != null ? early
                    : Waits.nextLine(alice, serving, "alice's own message, once the log could be written again");
            server.close();
            boolean ended = serving.endsWithin(Waits.WAIT) && drain.endsWithin(Waits.WAIT);
            assertThat(early).as("the line alice received while the log could not take its record (the file was full):"
                    + " a line was broadcast before it was recorded. log.append(line) comes first in broadcast(),"
                    + " before any client's queue gets the line").isNull();
            assertThat(echo).as("alice's line once the log could be written again")
                    .isEqualTo("MSG alice while the log is blocked");
            assertThat(ended).as("serve() ended after close()").isTrue();
            assertThat(pipe.drained()).as("what the server wrote to the log")
                    .contains(" MSG alice while the log is blocked\n");
        }
    }

    /** The lines queued for bob before the log blocks: about 1 MB, far more than the sockets' buffers hold (a few 100 KB). */
    private static final int BACKLOG_LINES = 250;

    /**
     * The server sends a line right after its lock, so a line queued before its record is written
     * (the mistake) is still held back while the log's write waits, unless bytes are already on
     * their way to that client: a slow reader whose backlog the server is still sending as he reads.
     * bob reads nothing while 1 MB is sent to him; then the log's pipe is left one page of room and
     * alice sends a line whose record is longer than a page, so the server is seen writing it, and
     * waiting. bob now reads his backlog: the new line must not follow it until the pipe is read.
     * A line that came early fails only if its record was still incomplete in the pipe then.
     */
    @Test
    @Order(6)
    @Step(3)
    @Points(1)
    @Timeout(60) // 3 MB through the sockets and the pipe, and 2 s of silence: over the usual 10 s on a busy machine
    @DisplayName("a slow reader whose backlog is still being sent gets no line before its record (the log is a pipe nobody reads)")
    void slowReaderGetsNoLineBeforeItsRecord() throws Exception {
        try (Pipe pipe = Pipe.make(folder.resolve("chat_log.fifo"));
             ServerLogCapture serverLog = ServerLogCapture.start()) {
            // Patient limits, so that bob's backlog is neither refused nor dropped: the order is judged, not the limits.
            ServerLimits patient = ServerLimits.DEFAULT.withSendQueue(256L * 1024 * 1024, Duration.ofMinutes(10))
                    .withFlood(FloodLimit.NONE);
            ChatServer server = new ChatServer(InetAddress.getLoopbackAddress(), 0, pipe.path, 0, patient);
            servers.add(server);
            Background serving = Background.start("ChatServer.serve", server::serve);
            servings.add(serving);
            LineConnection alice = join(server, serving, "alice");
            LineConnection bob = join(server, serving, "bob");
            assertThat(Waits.nextLine(alice, serving, "alice's notice that bob joined")).isEqualTo("JOINED bob");
            if (!pipe.carries(" JOINED bob\n", serverLog, "bob joined, but his JOINED record never reached the log:"
                    + " record every line in broadcast(), and flush() it")) {
                return; // this log cannot write to a pipe at all: no order to judge
            }
            // bob reads nothing for now: most of these lines wait in the server, which sends them as bob reads.
            String filler = "b".repeat(4000);
            String lastRecord = " MSG alice m" + (BACKLOG_LINES - 1) + " " + filler + "\n";
            AtomicBoolean allRecorded = new AtomicBoolean();
            Background recording = Background.start("pipe drain", () -> allRecorded.set(pipe.drainUntilItEndsWith(lastRecord)));
            // Sent by a thread of its own: a server that stopped reading alice would block the sender, never the test.
            Background sending = Background.start("alice's messages", () -> {
                for (int i = 0; i < BACKLOG_LINES; i++) {
                    alice.send("m" + i + " " + filler);
                }
            });
            for (int i = 0; i < BACKLOG_LINES; i++) {
                assertThat(Waits.nextLine(alice, serving, "alice's own m" + i)).isEqualTo("MSG alice m" + i + " " + filler);
            }
            assertThat(sending.endsWithin(Waits.WAIT)).as("alice's messages sent").isTrue();
            assertThat(recording.endsWithin(Duration.ofSeconds(15)) && allRecorded.get()).as("the log after alice's %d"
                    + " messages: each recorded, the last one at the end", BACKLOG_LINES).isTrue();
            // Room for one page, and a record longer than a page: its write starts, then waits.
            pipe.fillBut(Pipe.PAGE);
            String text = "x".repeat(4070); // a record of over 4096 bytes
            alice.send(text);
            assertThat(pipe.grows()).as("bytes of alice's new record in the log, written while bob was behind:"
                    + " none came (record every line in broadcast(), and flush() it)").isTrue();
            // The server is now writing the record, and waits for the pipe. bob reads his backlog.
            for (int i = 0; i < BACKLOG_LINES; i++) {
                assertThat(Waits.nextLine(bob, serving, "bob's m" + i + " (bob was behind)"))
                        .isEqualTo("MSG alice m" + i + " " + filler);
            }
            String early = null;
            try {
                early = bob.readLine(Duration.ofSeconds(2));
            } catch (AssertionError nothingYet) {
                // right: the line waits for its record
            }
            String record = " MSG alice " + text + "\n";
            if (early != null && pipe.takeWhatItHolds().contains(record)) {
                return; // the pipe took the whole record (a pipe larger than Linux's 64 KB): no order to judge
            }
            assertThat(early == null ? null : shorten(early)).as("the line bob received while the log was still"
                    + " writing its record (the file was full), as he caught up with the lines he was behind on:"
                    + " a line was queued for bob before it was recorded, and the server sent it on as bob read."
                    + " log.append(line) comes first in broadcast(), before any client's queue gets the line").isNull();
            Background drain = pipe.drainUntil(serving::hasEnded);
            assertThat(Waits.nextLine(bob, serving, "alice's new message at bob, once the log could be written again"))
                    .isEqualTo("MSG alice " + text);
            assertThat(Waits.nextLine(alice, serving, "alice's own message, once the log could be written again"))
                    .isEqualTo("MSG alice " + text);
            server.close();
            boolean ended = serving.endsWithin(Waits.WAIT) && drain.endsWithin(Waits.WAIT);
            assertThat(ended).as("serve() ended after close()").isTrue();
            assertThat(pipe.drained()).as("what the server wrote to the log").contains(record);
        }
    }

    // ---------------------------------------------------------------- step 4: reading back

    @Test
    @Order(7)
    @Step(4)
    @Points(2)
    @DisplayName("history read back: exactly the last N records, for files of every size, short and long records")
    void lastRecordsForEverySize() throws IOException {
        for (int size : List.of(1, 3, 20)) {
            for (int count : List.of(0, 1, 2, size - 1, size, size + 1, 2 * size + 1, 150)) {
                List<String> records = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    // Lines of very different lengths, so that no guess from the file's size in bytes works.
                    String text = i % 4 == 0 ? "m" + i + " " + "ō".repeat(900 + i) : "m" + i;
                    records.add(Instant.parse("2026-01-05T10:00:00Z").plusMillis(1234L * i) + " MSG alice " + text);
                }
                Path file = folder.resolve("log_" + size + "_" + count + ".txt");
                Files.write(file, count == 0 ? new byte[0] : ChatLogFileTest.utf8(records));
                ChatLog log = new ChatLog(file, size);
                try {
                    assertThat(ChatLogFileTest.formatted(log.history())).as("history() with history size %d read"
                                    + " back from a file of %d records (the last %d, oldest first)", size, count,
                            Math.min(size, count))
                            .isEqualTo(records.subList(Math.max(0, count - size), count));
                } finally {
                    log.close();
                }
            }
        }
    }

    @Test
    @Order(8)
    @Step(4)
    @Points(1)
    @DisplayName("a message holding \\r, \\u2028, \\u0085 or a form feed is still one record (split at '\\n' only)")
    void lineBreakLikeCharactersStayInTheRecord() throws IOException {
        List<String> records = List.of(
                "2026-01-05T10:00:00Z MSG alice one\rtwo",
                "2026-01-05T10:00:01Z MSG alice line\u2028separator and\u2029paragraph",
                "2026-01-05T10:00:02Z MSG alice next\u0085line, vertical\u000Btab, form\ffeed",
                "2026-01-05T10:00:03Z MSG alice the end\r\r x");
        for (String record : records) {
            int space = record.indexOf(' ');
            assertThat(ChatRecord.parse(record)).as("ChatRecord.parse(\"%s\") (the message holds a character that some"
                            + " readers take for a line end; '.' in a regular expression does not match it)",
                    record.replace("\r", "\\r"))
                    .contains(new ChatRecord(Instant.parse(record.substring(0, space)), record.substring(space + 1)));
        }
        Files.write(logFile, ChatLogFileTest.utf8(records));
        ChatLog log = new ChatLog(logFile, 10);
        try {
            assertThat(ChatLogFileTest.formatted(log.history())).as("history() read back from records whose messages"
                    + " hold \\r, \\u2028, \\u0085...: split the file at '\\n' only (BufferedReader.readLine(),"
                    + " Files.readAllLines and \"\\\\R\" also split at '\\r' and others)").isEqualTo(records);
        } finally {
            log.close();
        }
    }

    @Test
    @Order(8)
    @Step(4)
    @Points(1)
    @DisplayName("a message that ends with spaces or a tab is read back with them (a line is not trimmed)")
    void spacesAtTheEndStayInTheRecord() throws IOException {
        List<String> records = List.of(
                "2026-01-05T10:00:00Z MSG alice one space ",
                "2026-01-05T10:00:01Z MSG alice a tab\t",
                "2026-01-05T10:00:02Z MSG alice :-)   ",
                "2026-01-05T10:00:03Z JOINED bob");
        Files.write(logFile, ChatLogFileTest.utf8(records));
        ChatLog log = new ChatLog(logFile, 10);
        try {
            assertThat(ChatLogFileTest.formatted(log.history()).stream().map(record -> record.replace("\t", "\\t")))
                    .as("history() read back from records whose messages end with spaces or a tab (shown as \\t):"
                            + " each exactly as in the file. Do not trim() or strip() the lines: the spaces are part"
                            + " of the message, and the line ends at '\\n' only")
                    .containsExactlyElementsOf(records.stream().map(record -> record.replace("\t", "\\t")).toList());
        } finally {
            log.close();
        }
    }

    @Test
    @Order(9)
    @Step(4)
    @Points(1)
    @DisplayName("torn lines at every edge: the whole file torn, a torn emoji, empty lines, nothing torn")
    void tornLineEdges() throws IOException {
        String whole = "2026-01-05T10:00:00Z MSG kōji 🙂🙂 tanti saluti da Tōkyō\n";
        byte[] emoji = "2026-01-05T10:00:01Z MSG kōji 🙂".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut <= 3; cut++) { // cut in the middle of the 4 bytes of 🙂
            check(whole.getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOf(emoji, emoji.length - cut), 1);
        }
        check(new byte[0], "2026-01-05T10:00:00Z MSG kōji only a torn line".getBytes(StandardCharsets.UTF_8), 0);
        check(("\n\n" + whole + "\n").getBytes(StandardCharsets.UTF_8), new byte[0], 1);
        check((whole + whole).getBytes(StandardCharsets.UTF_8), new byte[0], 2);
    }

    /** A log of whole lines and a torn end: history has the whole records; the torn end is cut off before the next append. */
    private void check(byte[] wholeLines, byte[] tornEnd, int records) throws IOException {
        Path file = Files.createTempFile(folder, "torn", ".txt");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(wholeLines);
        content.writeBytes(tornEnd);
        Files.write(file, content.toByteArray());
        ChatLog log = new ChatLog(file, 10);
        String next;
        String what = "a log of " + wholeLines.length + " bytes of whole lines" + (tornEnd.length == 0 ? ""
                : " and a torn last line of " + tornEnd.length + " bytes");
        try {
            assertThat(log.history()).as("history() of %s", what).hasSize(records);
            next = log.append("MSG bob hi").format() + "\n";
        } finally {
            log.close();
        }
        assertThat(ChatLogFileTest.readUtf8(file)).as("%s after one append: the whole lines, untouched, then the new"
                        + " record (the torn line cut off at its first byte)", what)
                .isEqualTo(new String(wholeLines, StandardCharsets.UTF_8) + next);
    }

    @Test
    @Order(9)
    @Step(4)
    @Points(1)
    @DisplayName("a log of over 2 GB (years of chat, or a flood) opens: the history comes from the end the given code read")
    void aHugeLogIsReadFromItsEnd() throws IOException {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(Instant.parse("2026-01-05T10:00:00Z").plusSeconds(i) + " MSG alice m" + i);
        }
        Path huge = folder.resolve("huge_log.txt");
        try (FileChannel file = FileChannel.open(huge, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            // More than an array can hold, in no time and no disk space: a hole of zero bytes, then the records.
            file.write(ByteBuffer.wrap(("\n" + String.join("\n", records) + "\n").getBytes(StandardCharsets.UTF_8)),
                    (1L << 31) + 1000);
        }
        ChatLog log;
        try {
            log = new ChatLog(huge, 20);
        } catch (UnsupportedOperationException todo) {
            throw todo;
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new AssertionError("new ChatLog(...) on a log of over 2 GB threw " + e + ": read the history from the"
                    + " bytes readHistory(bytes) is given (the end of the file, read for you), never from the whole"
                    + " file: a file this big does not even fit in an array", e);
        }
        try {
            assertThat(ChatLogFileTest.formatted(log.history())).as("history() with history size 20 of a log of over"
                    + " 2 GB that ends with 30 records").isEqualTo(records.subList(10, 30));
        } finally {
            log.close();
        }
    }

    @Test
    @Order(9)
    @Step(4)
    @Points(1)
    @DisplayName("a log whose last line is whole is read without a warning about a torn line, and nothing is cut")
    void wholeLogGivesNoTornWarning() throws IOException {
        // The teacher reads the server's warnings to learn that the log was damaged: a warning about
        // a torn last line at every normal start would make that warning worthless.
        Path whole = folder.resolve("whole_log.txt");
        String text = "2026-03-01T10:00:00Z JOINED alice\n2026-03-01T10:00:01.500Z MSG alice hello ō\n";
        Files.writeString(whole, text, StandardCharsets.UTF_8);
        try (ServerLogCapture serverLog = ServerLogCapture.start()) {
            ChatLog log = new ChatLog(whole, 10);
            try {
                assertThat(ChatLogFileTest.lines(log.history())).as("the history of a log of two whole records")
                        .containsExactly("JOINED alice", "MSG alice hello ō");
            } finally {
                log.close();
            }
            assertThat(serverLog.warningsMentioning("whole_log.txt")).as("warnings about a log whose every line,"
                    + " the last included, ends with '\\n': nothing is torn, so nothing should be reported (keep"
                    + " the torn-line warning for a last line without its line end)").isZero();
        }
        assertThat(ChatLogFileTest.readUtf8(whole)).as("the log after it was opened and closed: whole lines are"
                + " never cut").isEqualTo(text);
    }

    // ---------------------------------------------------------------- step 5: history for newcomers

    @Test
    @Order(10)
    @Step(5)
    @Points(2)
    @DisplayName("HISTORY lines are the log's records exactly (same instants), live and after a restart")
    void historyIsTheLogsRecords() throws IOException {
        ChatServer first = start(logFile, 4);
        Background serving = Background.start("ChatServer.serve", first::serve);
        servings.add(serving);
        LineConnection alice = join(first, serving, "alice");
        for (int i = 1; i <= 6; i++) {
            alice.send("m" + i + " ō");
            assertThat(Waits.nextLine(alice, serving, "alice's own m" + i)).isEqualTo("MSG alice m" + i + " ō");
        }
        LineConnection bob = join(first, serving, "bob");
        List<String> bobsHistory = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bobsHistory.add(Waits.nextLine(bob, serving, "bob's HISTORY line " + (i + 1)));
        }
        List<String> file = List.of(ChatLogFileTest.readUtf8(logFile).split("\n"));
        List<String> expected = new ArrayList<>();
        for (String record : file.subList(file.size() - 5, file.size() - 1)) { // the 4 before "JOINED bob"
            expected.add("HISTORY " + record);
        }
        assertThat(bobsHistory).as("bob's HISTORY lines: the 4 records of the log before his JOINED, each exactly as"
                + " in the file (the same instant: the record's, not the time it is sent)").isEqualTo(expected);
        first.close();
        assertThat(serving.endsWithin(Waits.WAIT)).isTrue();

        ChatServer second = start(logFile, 4);
        Background servingAgain = Background.start("ChatServer.serve", second::serve);
        servings.add(servingAgain);
        LineConnection carol = join(second, servingAgain, "carol");
        List<String> carolsHistory = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            carolsHistory.add(Waits.nextLine(carol, servingAgain, "carol's HISTORY line " + (i + 1)));
        }
        List<String> before = List.of(ChatLogFileTest.readUtf8(logFile).split("\n"));
        int joined = before.size() - 1; // carol's own JOINED is the last record
        List<String> expectedAgain = new ArrayList<>();
        for (String record : before.subList(joined - 4, joined)) {
            expectedAgain.add("HISTORY " + record);
        }
        assertThat(carolsHistory).as("carol's HISTORY lines after a restart: the last 4 records of the file before"
                + " her JOINED, exactly as written").isEqualTo(expectedAgain);
    }

    @Test
    @Order(10)
    @Step(5)
    @Points(1)
    @DisplayName("a message edited by hand into the log is cleaned in its HISTORY line as a live one is (control characters, a Windows '\\r')")
    void historyIsCleanedAsLiveLinesAre() throws IOException {
        String escape = "look\u001b[2J here"; // a terminal escape that would clear the newcomer's nc
        String bidi = "price \u202E0001 EUR"; // RIGHT-TO-LEFT OVERRIDE: shows the rest reversed
        String windows = "saved in Notepad\r"; // the '\r' of a Windows line end
        Files.writeString(logFile, "2026-01-05T10:00:00Z JOINED mallory\n"
                + "2026-01-05T10:00:01Z MSG mallory " + escape + "\n"
                + "2026-01-05T10:00:02Z MSG mallory " + bidi + "\n"
                + "2026-01-05T10:00:03Z MSG mallory " + windows + "\n", StandardCharsets.UTF_8);
        ChatServer server = start(logFile, 10);
        Background serving = Background.start("ChatServer.serve", server::serve);
        servings.add(serving);
        LineConnection alice = join(server, serving, "alice");
        List<String> history = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            history.add(Waits.nextLine(alice, serving, "alice's HISTORY line " + (i + 1)));
        }
        // What the server sends live for the same texts (PROTOCOL.md section 4): the history must match it.
        alice.send(escape);
        String liveEscape = Waits.nextLine(alice, serving, "alice's own message with an escape");
        alice.send(bidi);
        String liveBidi = Waits.nextLine(alice, serving, "alice's own message with a bidi control");
        assertThat(history).as("alice's HISTORY lines from a log edited by hand: a message's text cleaned as a live"
                + " one is (a control character becomes U+FFFD, as in the live line), and a '\\r' at its end"
                + " dropped. Send Protocol.history(record), which does both")
                .containsExactly("HISTORY 2026-01-05T10:00:00Z JOINED mallory",
                        "HISTORY 2026-01-05T10:00:01Z " + liveEscape.replaceFirst("^MSG alice ", "MSG mallory "),
                        "HISTORY 2026-01-05T10:00:02Z " + liveBidi.replaceFirst("^MSG alice ", "MSG mallory "),
                        "HISTORY 2026-01-05T10:00:03Z MSG mallory saved in Notepad");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A named pipe standing for a log file on a very slow disk. The test holds both of its ends: it
     * reads what the code under test writes, and it can fill the pipe to the last byte so that the
     * next write has to wait until the test reads again.
     */
    private static final class Pipe implements AutoCloseable {
        /** Linux's pipe: 16 pages of 4 KB. */
        static final int PAGE = 4096;
        static final int CAPACITY = 16 * PAGE;
        /** How long the server may stay silent while a helper waits for its writes. */
        private static final Duration QUIET = Duration.ofSeconds(10);
        final Path path;
        private int filled;
        private final RandomAccessFile ends;
        private final FileInputStream reader;
        private final FileOutputStream filler;
        private final AtomicBoolean filling = new AtomicBoolean();
        private final ByteArrayOutputStream drained = new ByteArrayOutputStream();
        private Background fill;

        private Pipe(Path path) throws IOException {
            this.path = path;
            this.ends = new RandomAccessFile(path.toFile(), "rw"); // on Linux, opening both ends never waits
            this.reader = new FileInputStream(ends.getFD());
            this.filler = new FileOutputStream(ends.getFD());
        }

        static Pipe make(Path path) throws IOException {
            assumeTrue(makePipe(path), "this system cannot make a named pipe (mkfifo)");
            return new Pipe(path);
        }

        /**
         * Whether this text comes through within 3 s. If not: not judged when the code said it cannot
         * write to a pipe (a RandomAccessFile cannot seek in one), else a failure with this message.
         */
        boolean carries(String text, ServerLogCapture serverLog, String failure) throws IOException {
            long deadline = System.nanoTime() + Waits.WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                drained.write(readAvailable(reader));
                if (drained.toString(StandardCharsets.UTF_8).contains(text)) {
                    return true;
                }
                LockSupport.parkNanos(10_000_000);
            }
            if (serverLog.warningsMentioning(path.getFileName().toString()) > 0) {
                return false;
            }
            throw new AssertionError(failure);
        }

        /** Fills the pipe to the last byte: the next write waits until {@link #drainUntil} reads. */
        void fill() {
            filling.set(true);
            fill = Background.start("pipe filler", () -> {
                while (filling.get()) {
                    filler.write('.'); // one byte at a time: blocks only when the pipe is full to the last byte
                }
            });
            Waits.until(() -> available(reader) >= 65536, () -> "the test could not fill the pipe");
        }

        /**
         * Reads what the server writes until the log read so far ends with this text, or nothing
         * came for 10 s; whether it ends so. Only for a server that then writes nothing more.
         */
        boolean drainUntilItEndsWith(String text) throws IOException {
            byte[] end = text.getBytes(StandardCharsets.UTF_8);
            long giveUp = System.nanoTime() + QUIET.toNanos();
            while (System.nanoTime() < giveUp) {
                byte[] bytes = readAvailable(reader);
                if (bytes.length == 0) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                giveUp = System.nanoTime() + QUIET.toNanos();
                synchronized (drained) {
                    drained.write(bytes);
                    if (bytes[bytes.length - 1] == '\n' && drained.size() >= end.length) { // a record ends here
                        byte[] all = drained.toByteArray();
                        if (java.util.Arrays.equals(all, all.length - end.length, all.length, end, 0, end.length)) {
                            return available(reader) == 0;
                        }
                    }
                }
            }
            return false;
        }

        /**
         * Fills the empty pipe but {@code room} bytes (Linux's pipe: 16 pages of 4 KB), in one write:
         * a record longer than the room is written in part, then its write waits (see {@link #grows}).
         */
        void fillBut(int room) {
            int bytes = CAPACITY - room;
            fill = Background.start("pipe filler", () -> filler.write(new byte[bytes]));
            Waits.until(() -> fill.hasEnded() && available(reader) == bytes,
                    () -> "the test could not fill the pipe (" + available(reader) + " bytes in it)");
            filled = bytes;
        }

        /** Whether the server writes into the pipe after {@link #fillBut} within 10 s. */
        boolean grows() {
            long giveUp = System.nanoTime() + QUIET.toNanos();
            while (System.nanoTime() < giveUp) {
                if (available(reader) > filled) {
                    return true;
                }
                LockSupport.parkNanos(1_000_000);
            }
            return false;
        }

        /** Reads what the pipe holds now (nothing written later), keeps it with what was drained and returns it all. */
        String takeWhatItHolds() throws IOException {
            synchronized (drained) {
                drained.write(readAvailable(reader));
                return drained.toString(StandardCharsets.UTF_8);
            }
        }

        /** Stops filling and reads everything, until the condition holds and the pipe is empty (15 s at most). */
        Background drainUntil(java.util.function.BooleanSupplier done) {
            filling.set(false);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            return Background.start("pipe drain", () -> {
                while (System.nanoTime() < giveUp
                        && (!fill.hasEnded() || !done.getAsBoolean() || available(reader) > 0)) {
                    byte[] bytes = readAvailable(reader);
                    if (bytes.length > 0) {
                        synchronized (drained) {
                            drained.write(bytes);
                        }
                    } else {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            });
        }

        String drained() {
            synchronized (drained) {
                return drained.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws IOException {
            filling.set(false);
            ends.close();
        }
    }

    private ChatServer start(Path log, int history) throws IOException {
        ChatServer server = new ChatServer(0, log, history);
        servers.add(server);
        return server;
    }

    private LineConnection join(ChatServer server, Background serving, String name) {
        LineConnection client = LineConnection.open(server.port());
        clients.add(client);
        client.send(name);
        assertThat(Waits.nextLine(client, serving, name + "'s WELCOME")).isEqualTo("WELCOME " + name);
        return client;
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long openFiles() {
        return OpenFiles.count();
    }

    private static int available(FileInputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }

    /** What a pipe holds now, read with plain read(): readNBytes() may try to seek, which a pipe cannot. */
    private static byte[] readAvailable(FileInputStream in) throws IOException {
        byte[] bytes = new byte[available(in)];
        int count = in.read(bytes);
        return java.util.Arrays.copyOf(bytes, Math.max(count, 0));
    }

    private static boolean makePipe(Path path) {
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String shorten(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat log (handout steps 1 to 5), through the server's socket and the file it writes. The
 * file format is the handout's: one record per line, {@code <instant> <line>}, UTF-8.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatLogTest {

    @TempDir
    Path folder;
    private Path logFile;
    private final List<Running> servers = new CopyOnWriteArrayList<>();
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();
    private final Instant testStart = Instant.now();

    /** A server serving on a background thread, and its clients' helpers. */
    private final class Running {
        final ChatServer server;
        final Background serving;

        Running(ChatServer server) {
            this.server = server;
            this.serving = Background.start("ChatServer.serve", server::serve);
        }

        LineConnection connect() {
            LineConnection client = LineConnection.open(server.port());
            clients.add(client);
            return client;
        }

        String next(LineConnection client, String waitingFor) {
            return Waits.nextLine(client, serving, waitingFor);
        }

        void expect(LineConnection client, String who, String expected) {
            assertThat(next(client, who + "'s next line, " + expected)).as("the next line %s received", who)
                    .isEqualTo(expected);
        }

        /** Joins and reads WELCOME; the HISTORY lines that follow are left for the test to read. */
        LineConnection join(String name) {
            LineConnection client = connect();
            client.send(name);
            expect(client, name, "WELCOME " + name);
            return client;
        }

        /** Joins and skips the history: the next line is a live one. */
        LineConnection joinSkippingHistory(String name) {
            LineConnection client = join(name);
            client.send("ready");
            String line;
            do {
                line = next(client, name + "'s own message \"ready\"");
            } while (line != null && !line.equals("MSG " + name + " ready"));
            return client;
        }

        /** Closes the server and waits until serve() has returned, so that the log is complete. */
        void stop() throws IOException {
            server.close();
            assertThat(serving.endsWithin(Waits.WAIT)).as("serve() should end after close(), but %s",
                    serving.describe()).isTrue();
        }
    }

    @BeforeEach
    void watch() {
        Waits.watchUncaughtTodos();
        logFile = folder.resolve("chat_log.txt");
    }

    @AfterEach
    void stopEverything() {
        clients.forEach(LineConnection::close);
        for (Running running : servers) {
            try {
                running.server.close();
            } catch (Exception ignored) {
                // only the tests themselves judge close()
            }
        }
        for (Running running : servers) {
            // Until serve() has returned the log may still be written (a LEFT): it must not be done
            // while the temporary folder is deleted.
            running.serving.endsWithin(Waits.WAIT);
        }
    }

    private Running start(Path log, int historySize) throws IOException {
        Running running = new Running(new ChatServer(0, log, historySize));
        servers.add(running);
        return running;
    }

    // ---------------------------------------------------------------- the file

    @Test
    @Order(3)
    @Step(3)
    @Points(2)
    @DisplayName("every broadcast line (JOINED, MSG, LEFT) becomes one record <instant> <line> in UTF-8")
    void recordsEveryBroadcastLine() throws IOException {
        Running chat = start(logFile, 0);
        LineConnection alice = chat.join("alice");
        LineConnection bob = chat.join("bob");
        chat.expect(alice, "alice", "JOINED bob");
        alice.send("ciao a tutti, è già l'una 🙂");
        chat.expect(alice, "alice", "MSG alice ciao a tutti, è già l'una 🙂");
        chat.expect(bob, "bob", "MSG alice ciao a tutti, è già l'una 🙂");
        bob.send("{quit}");
        chat.expect(alice, "alice", "LEFT bob quit");
        chat.stop();

        List<String> expected = List.of("JOINED alice", "JOINED bob", "MSG alice ciao a tutti, è già l'una 🙂",
                "LEFT bob quit");
        List<LogRecord> records = LogRecord.readAll(logFile);
        List<String> lines = LogRecord.lines(records);
        assertThat(lines.size()).as("records in the log %s; expected %s first (does broadcast() record every"
                        + " line it sends?)", lines, expected)
                .isGreaterThanOrEqualTo(expected.size());
        assertThat(lines.subList(0, expected.size())).as("the log's records, without their instants, in order")
                .isEqualTo(expected);
        assertThat(lines.subList(expected.size(), lines.size()))
                .as("after the expected records only LEFT lines of clients closed at shutdown may follow")
                .allMatch(line -> line.startsWith("LEFT alice "));
        LogRecord.checkTimes(records, testStart);
    }

    @Test
    @Order(4)
    @Step(3)
    @Points(2)
    @DisplayName("a record is in the file (flushed) before its line reaches the clients")
    void recordIsFlushedBeforeBroadcast() throws IOException {
        Running chat = start(logFile, 20);
        LineConnection alice = chat.join("alice");
        for (int i = 1; i <= 3; i++) {
            alice.send("message " + i);
            chat.expect(alice, "alice", "MSG alice message " + i);
            // No waiting: once the echo arrived, the record must already be in the file.
            List<String> lines = LogRecord.lines(LogRecord.readAll(logFile));
            assertThat(lines).as("the log file at the moment alice received the echo of \"message %d\": a line"
                    + " was broadcast before its record reached the file. Write the record before broadcasting,"
                    + " and flush() it: a BufferedWriter keeps text in memory until its 8 KB buffer is full,"
                    + " and a crash would lose it", i).contains("MSG alice message " + i);
        }
    }

    @Test
    @Order(5)
    @Step(3)
    @Points(2)
    @DisplayName("a restarted server appends to the log and never overwrites it")
    void restartAppends() throws IOException {
        Running first = start(logFile, 20);
        LineConnection alice = first.join("alice");
        alice.send("before the restart");
        first.expect(alice, "alice", "MSG alice before the restart");
        first.stop();

        Running second = start(logFile, 20);
        LineConnection bob = second.joinSkippingHistory("bob");
        bob.send("after the restart");
        second.expect(bob, "bob", "MSG bob after the restart");
        second.stop();

        List<String> lines = LogRecord.lines(LogRecord.readAll(logFile));
        assertThat(lines).as("the log after a restart: the records of the first run must still be there (open"
                + " the file in append mode)").contains("JOINED alice", "MSG alice before the restart");
        assertThat(lines).as("the log after a restart: the records of the second run must follow")
                .contains("JOINED bob", "MSG bob after the restart");
        assertThat(lines.indexOf("MSG alice before the restart")).as("the first run's records come first: %s", lines)
                .isLessThan(lines.indexOf("JOINED bob"));
    }

    @Test
    @Order(6)
    @Step(3)
    @Points(3)
    @DisplayName("20 clients x 50 messages at once: every record a whole line, none lost, in the order clients saw")
    void concurrentAppendsStayWhole() throws Exception {
        int senders = 20;
        int messages = 50;
        Running chat = start(logFile, 20);
        List<LineConnection> all = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            all.add(chat.join("s" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2 * senders);
        List<String> seenByS0;
        try {
            List<Future<List<String>>> received = new ArrayList<>();
            for (LineConnection client : all) {
                received.add(pool.submit(() -> {
                    List<String> lines = new ArrayList<>();
                    while (lines.size() < senders * messages) {
                        String line = client.readLine();
                        if (line == null) {
                            throw new AssertionError("the server closed a client's connection after it received "
                                    + lines.size() + " of " + senders * messages + " messages");
                        }
                        if (line.startsWith("MSG ")) {
                            lines.add(line.substring("MSG ".length()));
                        }
                    }
                    return lines;
                }));
            }
            for (int i = 0; i < senders; i++) {
                LineConnection client = all.get(i);
                String name = "s" + i;
                pool.submit(() -> {
                    for (int m = 1; m <= messages; m++) {
                        client.send(name + " message " + m);
                    }
                });
            }
            List<List<String>> seen = new ArrayList<>();
            for (Future<List<String>> each : received) {
                seen.add(getOrFail(each));
            }
            seenByS0 = seen.get(0);
        } finally {
            pool.shutdownNow();
        }
        chat.stop();

        List<String> logged = LogRecord.lines(LogRecord.readAll(logFile)).stream()
                .filter(line -> line.startsWith("MSG "))
                .map(line -> line.substring("MSG ".length()))
                .collect(Collectors.toList());
        assertThat(logged.size()).as("MSG records in the log after %d messages were broadcast", senders * messages)
                .isEqualTo(senders * messages);
        int difference = firstDifference(seenByS0, logged);
        assertThat(difference).as("the log's messages differ from what the clients saw, from message %d on: the"
                        + " clients saw \"%s\", the log holds \"%s\". Record each line under the same lock as its"
                        + " broadcast, so the log keeps the chat's order",
                difference + 1, difference < 0 ? "" : seenByS0.get(difference),
                difference < 0 ? "" : logged.get(difference)).isEqualTo(-1);
    }

    // ---------------------------------------------------------------- the history

    @Test
    @Order(7)
    @Step(5)
    @Points(3)
    @DisplayName("a newcomer gets the last N records as HISTORY lines right after WELCOME, oldest first")
    void historyOnJoin() throws IOException {
        Running chat = start(logFile, 5);
        LineConnection alice = chat.join("alice");
        for (int i = 1; i <= 6; i++) {
            alice.send("m" + i);
            chat.expect(alice, "alice", "MSG alice m" + i);
        }
        LineConnection bob = chat.join("bob");
        List<LogRecord> history = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String line = chat.next(bob, "HISTORY line " + i + " of 5 after bob's WELCOME (sent by join(), Step 5)");
            history.add(LogRecord.ofHistoryLine(line, "bob's line number " + (i + 1)));
        }
        assertThat(LogRecord.lines(history)).as("bob's 5 HISTORY lines with a history of 5 (the 5 records before"
                        + " bob's own JOINED, oldest first)")
                .containsExactly("MSG alice m2", "MSG alice m3", "MSG alice m4", "MSG alice m5", "MSG alice m6");
        LogRecord.checkTimes(history, testStart);
        alice.send("live");
        chat.expect(bob, "bob (after exactly 5 HISTORY lines)", "MSG alice live");
        chat.expect(alice, "alice (who gets no history when bob joins)", "JOINED bob");
    }

    @Test
    @Order(8)
    @Step(5)
    @Points(1)
    @DisplayName("history: all records when there are fewer than N, none when N is 0 or the log is new")
    void historyEdges() throws IOException {
        Running some = start(logFile, 50);
        LineConnection alice = some.join("alice");
        alice.send("only message");
        some.expect(alice, "alice (the first client of a new log, who gets no history)", "MSG alice only message");
        LineConnection bob = some.join("bob");
        assertThat(some.next(bob, "bob's first HISTORY line")).as("bob's first line after WELCOME")
                .matches("HISTORY \\S+ JOINED alice");
        assertThat(some.next(bob, "bob's second HISTORY line")).as("bob's second line after WELCOME")
                .matches("HISTORY \\S+ MSG alice only message");
        alice.send("now");
        some.expect(bob, "bob (with 2 records in the log and a history of 50)", "MSG alice now");

        Running none = start(folder.resolve("other_log.txt"), 0);
        LineConnection carol = none.join("carol");
        carol.send("hi");
        none.expect(carol, "carol", "MSG carol hi");
        LineConnection dave = none.join("dave");
        carol.send("again");
        none.expect(dave, "dave (with a history size of 0, no HISTORY lines)", "MSG carol again");
    }

    @Test
    @Order(9)
    @Step(5)
    @Points(2)
    @DisplayName("history survives a restart of the server")
    void historySurvivesRestart() throws IOException {
        Running first = start(logFile, 10);
        LineConnection alice = first.join("alice");
        alice.send("one");
        first.expect(alice, "alice", "MSG alice one");
        alice.send("two: è già l'una, ō 🙂");
        first.expect(alice, "alice", "MSG alice two: è già l'una, ō 🙂");
        first.stop();

        Running second = start(logFile, 10);
        LineConnection bob = second.join("bob");
        bob.send("hello");
        List<String> history = historyUntil(second, bob, "MSG bob hello");
        assertThat(history.size()).as("bob's HISTORY lines after the restart: %s", history).isGreaterThanOrEqualTo(3);
        assertThat(history.subList(0, 3)).as("bob's history after the restart: the first run's records")
                .containsExactly("JOINED alice", "MSG alice one", "MSG alice two: è già l'una, ō 🙂");
        assertThat(history.subList(3, history.size())).as("after them, only alice's LEFT may follow")
                .allMatch(line -> line.startsWith("LEFT alice "));
    }

    // ---------------------------------------------------------------- damaged files

    @Test
    @Order(1)
    @Step(1)
    @Points(2)
    @DisplayName("a log that cannot be written does not stop the chat")
    void unwritableLogDoesNotStopTheChat() throws IOException {
        Path aFolder = Files.createDirectory(folder.resolve("a_folder_not_a_file"));
        Path notAFolder = Files.writeString(folder.resolve("plain_file.txt"), "x");
        for (Path unwritable : List.of(aFolder, notAFolder.resolve("chat_log.txt"))) {
            ChatServer server;
            try {
                server = new ChatServer(0, unwritable, 0);
            } catch (UnsupportedOperationException todo) {
                throw todo; // a step not written yet: the score table says so
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("new ChatServer(0, " + unwritable.getFileName() + ", 0) threw " + e
                        + ": a log file that cannot be written must not stop the server", e);
            }
            Running chat = new Running(server);
            servers.add(chat);
            LineConnection alice = chat.join("alice");
            LineConnection bob = chat.join("bob");
            chat.expect(alice, "alice", "JOINED bob");
            alice.send("can you read me?");
            chat.expect(alice, "alice (the log cannot be written: " + unwritable.getFileName() + ")",
                    "MSG alice can you read me?");
            chat.expect(bob, "bob (the log cannot be written)", "MSG alice can you read me?");
            bob.send("{quit}");
            chat.expect(alice, "alice (the log cannot be written)", "LEFT bob quit");
            chat.stop();
        }
    }

    @Test
    @Order(2)
    @Step(1)
    @Points(1)
    @DisplayName("a log that cannot be written is reported once in the server's log, not once per message")
    void unwritableLogIsReportedOnce() throws IOException {
        Path aFolder = Files.createDirectory(folder.resolve("chat_log_is_a_folder"));
        try (ServerLogCapture serverLog = ServerLogCapture.start()) {
            Running chat = start(aFolder, 0);
            LineConnection alice = chat.join("alice");
            alice.send("one");
            chat.expect(alice, "alice", "MSG alice one");
            int reports = serverLog.warningsMentioning(aFolder.getFileName().toString());
            assertThat(reports).as("warnings and errors in the server's log (SLF4J, the LOG field) that name the"
                    + " log file, after a message could not be recorded: the failure must be reported").isPositive();
            for (int i = 2; i <= 10; i++) {
                alice.send("message " + i);
                chat.expect(alice, "alice", "MSG alice message " + i);
            }
            LineConnection bob = chat.join("bob");
            bob.send("{quit}");
            chat.expect(alice, "alice", "JOINED bob");
            chat.expect(alice, "alice", "LEFT bob quit");
            assertThat(serverLog.warningsMentioning(aFolder.getFileName().toString()))
                    .as("warnings and errors naming the log file after 9 more messages and a join and a leave (it"
                            + " was %d after the first message): report the failure once, then go on without"
                            + " the file", reports)
                    .isEqualTo(reports);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The lines of HISTORY a client receives, without their instants, until the given live line. */
    private static List<String> historyUntil(Running chat, LineConnection client, String liveLine) {
        List<String> history = new ArrayList<>();
        while (true) {
            String line = chat.next(client, "the HISTORY lines and then \"" + liveLine + "\"");
            if (line == null) {
                throw new AssertionError("the server closed the connection while waiting for \"" + liveLine + "\"");
            }
            if (line.equals(liveLine)) {
                return history;
            }
            history.add(LogRecord.ofHistoryLine(line, "a line before \"" + liveLine + "\"").line());
        }
    }

    private static <T> T getOrFail(Future<T> task) throws Exception {
        try {
            return task.get(8, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static int firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : Math.min(a.size(), b.size());
    }

    /** A record as the handout defines it, read by the test's own strict parser. */
    record LogRecord(Instant time, String line) {

        /** Every record of the log file, failing in plain words where the file breaks the format. */
        static List<LogRecord> readAll(Path file) throws IOException {
            if (!Files.exists(file)) {
                throw new AssertionError("the log file " + file.getFileName() + " does not exist: the server should"
                        + " create it");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                throw new AssertionError("the log file is not valid UTF-8: write it with StandardCharsets.UTF_8 (the"
                        + " tests run with ISO-8859-1 as the platform's default charset)");
            }
            if (!text.isEmpty() && !text.endsWith("\n")) {
                throw new AssertionError("the log's last line has no '\\n' at its end: \"" + lastLine(text) + "\"");
            }
            List<LogRecord> records = new ArrayList<>();
            String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
            for (int i = 0; i < lines.length - 1; i++) {
                records.add(parse(lines[i], "line " + (i + 1) + " of the log"));
            }
            return records;
        }

        static LogRecord ofHistoryLine(String line, String where) {
            if (line == null || !line.startsWith("HISTORY ")) {
                throw new AssertionError(where + " should be a HISTORY line, but it is \"" + line + "\"");
            }
            return parse(line.substring("HISTORY ".length()), where + " (\"" + line + "\")");
        }

        static LogRecord parse(String text, String where) {
            int space = text.indexOf(' ');
            try {
                if (space < 0) {
                    throw new DateTimeParseException("no space", text, 0);
                }
                return new LogRecord(Instant.parse(text.substring(0, space)), text.substring(space + 1));
            } catch (DateTimeParseException e) {
                throw new AssertionError(where + " should be \"<instant> <line>\" with the instant as"
                        + " Instant.toString() writes it (e.g. 2026-11-21T21:44:03.120Z), but it is \""
                        + shorten(text) + "\". (Two records glued together or split apart? Then appends from"
                        + " several threads are not kept apart.)");
            }
        }

        static List<String> lines(List<LogRecord> records) {
            return records.stream().map(LogRecord::line).collect(Collectors.toList());
        }

        /** The instants are the real time of the records (UTC), in order. */
        static void checkTimes(List<LogRecord> records, Instant testStart) {
            Instant earliest = testStart.minus(Duration.ofMinutes(1));
            Instant latest = Instant.now().plus(Duration.ofMinutes(1));
            Instant previous = Instant.MIN;
            for (LogRecord record : records) {
                assertThat(record.time()).as("the instant of the record \"%s\": it should be the time it was"
                        + " written, now (in UTC)", record.line()).isBetween(earliest, latest);
                assertThat(record.time()).as("the instant of \"%s\" comes before the one of the record before it",
                        record.line()).isAfterOrEqualTo(previous);
                previous = record.time();
            }
        }

        private static String lastLine(String text) {
            return shorten(text.substring(text.lastIndexOf('\n') + 1));
        }

        private static String shorten(String text) {
            return text.length() <= 120 ? text : text.substring(0, 120) + "...";
        }
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat log on its own, without a server (handout steps 1, 2 and 4): {@link ChatRecord} and
 * {@link ChatLog} through their documented API, and the bytes of the file they write and read.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatLogFileTest {

    /** Records as the handout shows them, with letters outside Latin-1 and Windows-1252 ('ō'), and a lone '\r'. */
    static final List<String> SAMPLE = List.of(
            "2026-01-05T10:00:00Z JOINED alice",
            "2026-01-05T10:00:01.250Z MSG alice caffè per tutti",
            "2026-01-05T10:00:02Z JOINED kōji",
            "2026-01-05T13:00:03.007Z MSG kōji ciao 🙂, sono Kōji da Tōkyō",
            "2026-01-05T13:00:04Z MSG alice un \r a capo che non è una riga",
            "2026-01-05T23:59:59.999Z MSG alice buonanotte",
            "2026-01-06T00:00:00Z LEFT kōji quit");

    @TempDir
    Path folder;
    private Path logFile;

    @BeforeEach
    void name() {
        logFile = folder.resolve("chat_log.txt");
    }

    // ---------------------------------------------------------------- step 1

    @Test
    @Order(1)
    @Step(1)
    @Points(2)
    @DisplayName("the log file is created when the log opens, and a log already there is kept as it is")
    void opensWithoutLosingAnything() throws IOException {
        ChatLog log = new ChatLog(logFile, 5);
        boolean created = Files.exists(logFile);
        log.close();
        assertThat(created).as("the file %s right after new ChatLog(...): it should exist, created empty (open it"
                + " when the log is made, with the option CREATE)", logFile.getFileName()).isTrue();

        byte[] before = utf8(SAMPLE);
        Files.write(logFile, before);
        new ChatLog(logFile, 5).close();
        assertThat(Files.readAllBytes(logFile)).as("the bytes of a log with %d records after it was opened and closed"
                + " again: a restart must keep them (open with APPEND; without it the file is emptied)", SAMPLE.size())
                .isEqualTo(before);
    }

    // ---------------------------------------------------------------- step 2

    @Test
    @Order(2)
    @Step(2)
    @Points(2)
    @DisplayName("ChatRecord.format(): the instant as Instant.toString() writes it (UTC), one space, the line")
    void formatIsInstantSpaceLine() {
        TimeZone zone = TimeZone.getDefault();
        Locale locale = Locale.getDefault();
        try {
            // The grade must not depend on where or when it runs: a far time zone and another
            // language, and instants at every hour that a 12-hour clock or a local clock gets wrong.
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            Locale.setDefault(Locale.forLanguageTag("it-IT"));
            for (String instant : List.of("2026-11-21T00:05:09Z", "2026-11-21T12:30:00.120Z",
                    "2026-11-21T13:44:03.120Z", "2026-11-21T23:59:59.999Z", "2026-03-29T01:30:00.000000007Z")) {
                ChatRecord record = new ChatRecord(Instant.parse(instant), "MSG alice è l'una, ō 🙂");
                assertThat(record.format()).as("new ChatRecord(Instant.parse(\"%s\"), \"MSG alice è l'una, ō 🙂\")"
                                + ".format(): the instant exactly as Instant.toString() writes it (always UTC, 24"
                                + " hours, no line end), then one space and the line", instant)
                        .isEqualTo(Instant.parse(instant) + " MSG alice è l'una, ō 🙂");
            }
        } finally {
            TimeZone.setDefault(zone);
            Locale.setDefault(locale);
        }
    }

    @Test
    @Order(3)
    @Step(2)
    @Points(2)
    @DisplayName("append() writes the record and its '\\n' at the end of the file, in UTF-8, flushed at once")
    void appendWritesOneLineAtTheEnd() throws IOException {
        byte[] before = utf8(SAMPLE.subList(0, 2));
        Files.write(logFile, before);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(before);
        ChatLog log = new ChatLog(logFile, 5);
        try {
            for (String line : List.of("JOINED kōji", "MSG kōji ciao a tutti, è già l'una 🙂", "LEFT kōji quit")) {
                Instant earliest = Instant.now().minusMillis(1);
                ChatRecord record = log.append(line);
                Instant latest = Instant.now().plusMillis(1);
                assertThat(record).as("what append(\"%s\") returned", line).isNotNull();
                assertThat(record.line()).as("the line of the record append(\"%s\") returned", line).isEqualTo(line);
                assertThat(record.time()).as("the instant of the record append(\"%s\") returned: the moment of the"
                        + " append", line).isBetween(earliest, latest);
                expected.writeBytes((record.format() + "\n").getBytes(StandardCharsets.UTF_8));
                // Not closed yet: what a crash of the server right now would leave in the file.
                assertThat(readUtf8(logFile)).as("the log file right after append(\"%s\"), before close(): the"
                                + " records before it, then this one and its '\\n' (flush() after writing; UTF-8;"
                                + " '\\n', not println() or newLine(); at the end of the file, APPEND)", line)
                        .isEqualTo(new String(expected.toByteArray(), StandardCharsets.UTF_8));
            }
        } finally {
            log.close();
        }
    }

    @Test
    @Order(4)
    @Step(2)
    @Points(1)
    @DisplayName("append() keeps each record for history(): the last N, oldest first, none when N is 0")
    void appendIsRemembered() {
        ChatLog log = new ChatLog(logFile, 3);
        List<String> appended = new ArrayList<>();
        try {
            for (int i = 1; i <= 5; i++) {
                appended.add(log.append("MSG alice m" + i).format());
                List<String> expected = appended.subList(Math.max(0, appended.size() - 3), appended.size());
                assertThat(formatted(log.history())).as("history() of a log with history size 3 after %d appends:"
                        + " append() must remember(record) every record it writes", i).isEqualTo(expected);
            }
        } finally {
            log.close();
        }
        ChatLog none = new ChatLog(folder.resolve("other_log.txt"), 0);
        try {
            none.append("MSG alice hi");
            assertThat(none.history()).as("history() of a log with history size 0, after one append").isEmpty();
        } finally {
            none.close();
        }
    }

    @Test
    @Order(5)
    @Step(2)
    @Points(1)
    @DisplayName("append() to a log that cannot be written never throws, and the record is still kept for history")
    void appendToUnwritableLogNeverThrows() throws IOException {
        Path aFolder = Files.createDirectory(folder.resolve("a_folder_not_a_file"));
        ChatLog log = new ChatLog(aFolder, 5);
        try {
            for (int i = 1; i <= 3; i++) {
                ChatRecord record;
                try {
                    record = log.append("MSG alice m" + i);
                } catch (UnsupportedOperationException todo) {
                    throw todo; // a step not written yet: the score table says so
                } catch (RuntimeException e) {
                    throw new AssertionError("append() on a log whose file cannot be written threw " + e
                            + ": the chat must go on without the file (when out is null, only remember)", e);
                }
                assertThat(record).as("what append() returned on a log whose file cannot be written").isNotNull();
            }
            assertThat(lines(log.history())).as("history() of a log whose file cannot be written, after 3 appends")
                    .containsExactly("MSG alice m1", "MSG alice m2", "MSG alice m3");
        } finally {
            log.close();
        }
    }

    // ---------------------------------------------------------------- step 4

    @Test
    @Order(6)
    @Step(4)
    @Points(1)
    @DisplayName("ChatRecord.parse(): a record gives its instant and line; anything else gives empty")
    void parseReadsRecordsOnly() {
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Sao_Paulo")); // an instant's 'Z' is UTC wherever the server runs
            checkParse();
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    private static void checkParse() {
        for (String text : SAMPLE) {
            int space = text.indexOf(' ');
            assertThat(ChatRecord.parse(text)).as("ChatRecord.parse(\"%s\")", text)
                    .contains(new ChatRecord(Instant.parse(text.substring(0, space)), text.substring(space + 1)));
        }
        for (String foreign : List.of("", "hello", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00Z ",
                "2026-01-05 10:00:00 MSG alice local time", "2026-13-45T99:00:00Z MSG alice no such day",
                "yesterday MSG alice hi", "2026-01-05T10:00:00Z WELCOME alice", "2026-01-05T10:00:00Z MSG alice",
                "MSG alice 2026-01-05T10:00:00Z hi")) {
            assertThat(ChatRecord.parse(foreign)).as("ChatRecord.parse(\"%s\"): not a record (the first word must be"
                    + " an instant, the rest a chat line: Protocol.isChatLine)", foreign).isEmpty();
        }
    }

    @Test
    @Order(7)
    @Step(4)
    @Points(3)
    @DisplayName("a log read back at start gives the last N records, oldest first, with their instants, in UTF-8")
    void readsTheLastRecordsBack() throws IOException {
        Files.write(logFile, utf8(SAMPLE));
        for (int size : List.of(5, SAMPLE.size(), 50, 1, 0)) {
            ChatLog log = new ChatLog(logFile, size);
            try {
                assertThat(formatted(log.history())).as("history() of a log opened with history size %d on a file of"
                                + " %d records: the last ones, oldest first, exactly as in the file (decoded as UTF-8"
                                + " whatever the platform's charset; split at '\\n' only, a message may hold a"
                                + " '\\r')", size, SAMPLE.size())
                        .isEqualTo(SAMPLE.subList(Math.max(0, SAMPLE.size() - size), SAMPLE.size()));
            } finally {
                log.close();
            }
        }
        ChatLog fresh = new ChatLog(folder.resolve("new_log.txt"), 5);
        try {
            assertThat(fresh.history()).as("history() of a log whose file did not exist yet").isEmpty();
        } finally {
            fresh.close();
        }
    }

    @Test
    @Order(8)
    @Step(4)
    @Points(2)
    @DisplayName("a torn last line (a crash mid-write) is skipped, and cut off so the next record has a line of its own")
    void tornLastLineIsSkippedAndCut() throws IOException {
        byte[] whole = utf8(SAMPLE);
        // The server died while writing this record: its end, half of 'ō' and the '\n' never made it.
        byte[] torn = "2026-01-06T00:00:01Z MSG alice arigatō".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(whole);
        file.write(torn, 0, torn.length - 1);
        Files.write(logFile, file.toByteArray());

        ChatLog log = new ChatLog(logFile, 50);
        String next;
        try {
            assertThat(formatted(log.history())).as("history() of a log whose last line has no '\\n' (cut short by a"
                    + " crash, in the middle of the letter 'ō'): the whole records only").isEqualTo(SAMPLE);
            next = log.append("MSG alice after the crash").format();
        } finally {
            log.close();
        }
        List<String> expected = new ArrayList<>(SAMPLE);
        expected.add(next);
        assertThat(readUtf8(logFile)).as("the log after a record was appended to it: the torn line must be cut off"
                        + " first (at its first byte, counted in bytes, not in characters: 'è', 'ō' and emoji take"
                        + " 2 to 4 bytes), and the whole lines before it kept")
                .isEqualTo(String.join("\n", expected) + "\n");
    }

    @Test
    @Order(9)
    @Step(4)
    @Points(2)
    @DisplayName("foreign lines (hand edits, another charset, garbage) are skipped with a warning, never a crash")
    void foreignLinesAreSkipped() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("2026-01-05T10:00:00Z JOINED alice\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("Nota del prof: lezione del 12 marzo, caffè alle 10\n".getBytes(StandardCharsets.ISO_8859_1));
        file.writeBytes(("\n"
                + "   \n"
                + "2026-01-05T10:00:01Z\n"
                + "2026-01-05 10:00:01 MSG alice local time, not an instant\n"
                + "2026-13-45T99:00:00Z MSG alice no such day\n"
                + "yesterday MSG alice hi\n"
                + "2026-01-05T10:00:02Z HELLO alice\n"
                + "2026-01-05T10:00:02Z WELCOME alice\n"
                + "\u0000\u0001\u0002\u00ff binary\n"
                + "2026-01-05T10:00:03Z MSG alice still here\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes("2026-01-05T10:00:04Z MSG alice caffè in Windows-1252\n".getBytes(StandardCharsets.ISO_8859_1));
        file.writeBytes("2026-01-05T10:00:05Z LEFT alice quit\n".getBytes(StandardCharsets.UTF_8));
        Files.write(logFile, file.toByteArray());

        try (ServerLogCapture serverLog = ServerLogCapture.start()) {
            ChatLog log;
            try {
                log = new ChatLog(logFile, 10);
            } catch (UnsupportedOperationException todo) {
                throw todo;
            } catch (RuntimeException e) {
                throw new AssertionError("new ChatLog(...) on a log with lines that are not records threw " + e
                        + ": skip such lines with a warning (Files.readAllLines fails on bytes that are not UTF-8;"
                        + " decode with new String(bytes, UTF_8))", e);
            }
            try {
                List<String> history = lines(log.history());
                assertThat(history).as("history() of a log with lines that are not records (they must be skipped)")
                        .startsWith("JOINED alice", "MSG alice still here").endsWith("LEFT alice quit");
                assertThat(history.size()).as("history() of a log with lines that are not records: %s", history)
                        .isBetween(3, 4); // the Windows-1252 record decodes with a '\uFFFD', and may be kept or skipped
            } finally {
                log.close();
            }
            assertThat(serverLog.warningsMentioning("")).as("warnings in the server's log (LOG.warn) while reading a"
                    + " log with 10 foreign lines: say which lines were skipped").isPositive();
        }
    }

    // ---------------------------------------------------------------- helpers

    static byte[] utf8(List<String> records) {
        return (String.join("\n", records) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static List<String> formatted(List<ChatRecord> records) {
        List<String> text = new ArrayList<>();
        for (ChatRecord record : records) {
            text.add(record.time() + " " + record.line()); // the test's own format: Instant.toString(), as the handout says
        }
        return text;
    }

    static List<String> lines(List<ChatRecord> records) {
        return records.stream().map(ChatRecord::line).toList();
    }

    /** The file as UTF-8 text, failing in plain words if it is not UTF-8. */
    static String readUtf8(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new AssertionError("the log file " + file.getFileName() + " does not exist");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the log file is not valid UTF-8: write it with StandardCharsets.UTF_8 (the"
                    + " tests run with ISO-8859-1 as the platform's default charset)");
        }
    }
}

package chatlab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The chat's memory: a text file with one {@link ChatRecord} per line, and the last few records
 * kept at hand for newcomers.
 *
 * <p>Three promises, each with its reason:
 * <ul>
 *   <li><b>append, never overwrite</b>: the file is opened in append mode, so a restart adds to
 *       the history instead of wiping it;</li>
 *   <li><b>a record is whole and on its way to the disk before anyone sees its line</b>: it is
 *       written in one piece under this object's lock and flushed at once. A server killed right
 *       after a broadcast (even with {@code kill -9}) has not lost that record: it is in the
 *       operating system's hands, which write it to the disk a moment later;</li>
 *   <li><b>the chat never stops because of the file</b>: a line that is not a record is skipped
 *       with a warning, and a file that cannot be written is reported once, after which the chat
 *       goes on without it.</li>
 * </ul>
 */
public class ChatLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatLog.class);
    /** What {@link #readHistory()} returns when the file ends with a whole line (or is empty, or missing). */
    private static final long NOTHING_TORN = -1;

    private final Path file;
    private final int historySize;
    /** The last {@code historySize} records, oldest first. */
    private final Deque<ChatRecord> recent = new ArrayDeque<>();
    /** Where records go; null once the file could not be written, or after close(). */
    private Writer out;

    /**
     * Reads the history already in the file, then opens it for appending (creating it if it is
     * missing). Never fails because of the file: problems are reported in the server's log.
     *
     * @param historySize how many of the last records {@link #history()} returns, 0 to
     *                    {@link Protocol#MAX_HISTORY}
     */
    public ChatLog(Path file, int historySize) {
        if (historySize < 0 || historySize > Protocol.MAX_HISTORY) {
            throw new IllegalArgumentException("the history size must be 0 to " + Protocol.MAX_HISTORY
                    + ", not " + historySize);
        }
        this.file = file;
        this.historySize = historySize;
        // Only a plain file is read back: a device such as /dev/full (a disk that is always full, for a
        // test) or a pipe may never end, and reading it would fill the memory.
        long tornLine = Files.exists(file) && !Files.isRegularFile(file) ? NOTHING_TORN : readHistory();
        this.out = openForAppend(tornLine);
    }

    /**
     * Reads every record of the file, keeping the last {@code historySize}. Skips, with a warning,
     * each line that is not a record, and a last line without its {@code '\n'}: that one was cut
     * short by a crash while it was written, so even if it looks whole, its end may be missing.
     *
     * @return where the cut-short last line starts, in bytes; {@link #NOTHING_TORN} if there is none
     */
    private long readHistory() {
        // TODO Step 4: read the whole lines back, keep the records, skip (with a warning) foreign lines and a torn last line
        return NOTHING_TORN; // no history is read yet
    }

    /**
     * Opens the file for appending. A cut-short last line is cut off first: otherwise the next
     * record would be glued to it, and the two would make one line that is neither.
     *
     * @return the writer, or null if the file cannot be written (reported)
     */
    private Writer openForAppend(long tornLine) {
        try {
            if (tornLine != NOTHING_TORN) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(tornLine);
                }
            }
            // TODO Step 1: open the file for appending (created if missing), UTF-8 whatever the platform's charset
            throw new UnsupportedOperationException("TODO Step 1: open the file for appending (created if missing), UTF-8 whatever the platform's charset");
        } catch (IOException e) {
            reportWriteFailure(e);
            return null;
        }
    }

    /**
     * Records a line the server is about to broadcast: stamps it with the time, writes it to the
     * file and keeps it for newcomers. Many handler threads call this at once: the lock makes
     * every record one whole line, in the order of the calls.
     *
     * @return the record, as it was written
     */
    public synchronized ChatRecord append(String line) {
        ChatRecord record = new ChatRecord(Instant.now().truncatedTo(ChronoUnit.MILLIS), line); // ms are enough for people
        // TODO Step 2: keep the record for newcomers; write it and its '\n', flush; on failure report once and write no more
        throw new UnsupportedOperationException("TODO Step 2: keep the record for newcomers; write it and its '\\n', flush; on failure report once and write no more");
    }

    /** The last records, oldest first: what a newcomer gets as history. */
    public synchronized List<ChatRecord> history() {
        return List.copyOf(recent);
    }

    private void remember(ChatRecord record) {
        if (historySize == 0) {
            return;
        }
        if (recent.size() == historySize) {
            recent.removeFirst();
        }
        recent.addLast(record);
    }

    private void reportWriteFailure(IOException e) {
        LOG.error("Cannot write the chat log {} ({}). The chat goes on, but new messages are not saved.",
                file, e.toString());
    }

    /** Stops writing; records appended later are only kept for {@link #history()}. */
    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // Nothing more can be saved; the failure was reported when writing failed.
        }
        out = null;
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}

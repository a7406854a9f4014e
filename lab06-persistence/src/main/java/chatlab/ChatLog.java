package chatlab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The chat's memory: a text file with one {@link ChatRecord} per line, and the last few records
 * kept at hand for newcomers.
 *
 * <p>Five promises, each with its reason:
 * <ul>
 *   <li><b>append, never overwrite</b>: the file is opened in append mode, so a restart adds to
 *       the history instead of wiping it;</li>
 *   <li><b>a record is whole and on its way to the disk before anyone sees its line</b>: it is
 *       written in one piece under this object's lock and flushed at once. A server killed right
 *       after a broadcast (even with {@code kill -9}) has not lost that record: it is in the
 *       operating system's hands, which write it to the disk a moment later;</li>
 *   <li><b>the chat never stops because of the file</b>: a line that is not a record is skipped
 *       with a warning, and a write that fails is reported once; the chat goes on, and saving
 *       starts again (with a word in the server's log) as soon as the file can be written;</li>
 *   <li><b>the file is the truth</b>: the history is read from the file's end (never the whole
 *       file: start-up takes as long with a log of years as with a new one), and read again when
 *       someone replaces, truncates or removes the file while the server runs. So a newcomer
 *       never gets a line that is no longer in the file (unless the file could not be written:
 *       then the records not saved are kept for newcomers, so that the chat makes sense);</li>
 *   <li><b>the file never grows without end</b>: past {@link Rotation#maxBytes()} it is renamed
 *       {@code chat_log.1.txt} (the one before becomes {@code chat_log.2.txt}, and so on; the
 *       oldest is deleted), and a new {@code chat_log.txt} begins.</li>
 * </ul>
 */
public class ChatLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatLog.class);
    /** What {@link #readHistory(byte[])} returns when the bytes end with a whole line (or are empty). */
    private static final long NOTHING_TORN = -1;

    /**
     * When the log is rotated: once the file has {@code maxBytes} bytes, and how many old files
     * ({@code chat_log.1.txt} to {@code chat_log.<oldFiles>.txt}) are kept.
     */
    public record Rotation(long maxBytes, int oldFiles) {
        /** 64 MB a file (a lively class writes that in years), 4 old files. */
        public static final Rotation DEFAULT = new Rotation(64L << 20, 4);

        public Rotation {
            if (maxBytes < 1 || oldFiles < 1) {
                throw new IllegalArgumentException("a log rotates at 1 byte or more and keeps 1 old file or more, not "
                        + maxBytes + " bytes and " + oldFiles + " files");
            }
        }
    }

    private final Path file;
    private final int historySize;
    private final Rotation rotation;
    /** The last {@code historySize} records, oldest first. */
    private final Deque<ChatRecord> recent = new ArrayDeque<>();
    /** Where records go; null while the file cannot be written, and after close(). */
    private Writer out;
    /** The file as this log last left it; null if it is not a regular file (a device, a pipe: nothing to compare). */
    private FileState saved;
    /** When saving failed (reported), null while all is well. */
    private Instant failedSince;
    /** Records appended since saving failed. */
    private int unsaved;
    /** Whether {@link #out} was opened again after a failure, and has not written a record yet. */
    private boolean retrying;
    private boolean rotationFailed;
    private boolean closed;

    /**
     * Reads the history at the end of the file, then opens it for appending (creating it if it is
     * missing). Never fails because of the file: problems are reported in the server's log.
     *
     * @param historySize how many of the last records {@link #history()} returns, 0 to
     *                    {@link Protocol#MAX_HISTORY}
     */
    public ChatLog(Path file, int historySize) {
        this(file, historySize, Rotation.DEFAULT);
    }

    /** A log that is rotated as {@code rotation} says. */
    public ChatLog(Path file, int historySize, Rotation rotation) {
        if (historySize < 0 || historySize > Protocol.MAX_HISTORY) {
            throw new IllegalArgumentException("the history size must be 0 to " + Protocol.MAX_HISTORY
                    + ", not " + historySize);
        }
        this.file = file;
        this.historySize = historySize;
        this.rotation = rotation;
        open();
    }

    /** Reads the history from the file, and opens it for appending. */
    private void open() {
        recent.clear();
        LogTail tail = readTail(file);
        if (tail == null) {
            out = openForAppend(NOTHING_TORN);
        } else {
            long tornLine = readHistory(tail.bytes());
            if (recent.size() < historySize) {
                readOlderHistory();
            }
            if (tail.endsMidLine()) {
                LOG.warn(Texts.get("log.lastLineTooLong", file));
                endTheLastLine();
            }
            out = openForAppend(tornLine == NOTHING_TORN ? NOTHING_TORN : tail.start() + tornLine);
        }
        saved = FileState.of(file);
    }

    /** The end of a regular file; null if there is none (a first start), or it is a device or a pipe, or unreadable. */
    private LogTail readTail(Path path) {
        // Only a plain file is read back: a device such as /dev/full (a disk that is always full, for a
        // test) or a pipe may never end.
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try {
            return LogTail.read(path, historySize);
        } catch (IOException e) {
            LOG.warn(Texts.get("log.cannotRead", path, e));
            return null;
        }
    }

    /** Fills the history up from the file rotated last, when the new file has too few records. */
    private void readOlderHistory() {
        LogTail older = readTail(rotated(1));
        if (older != null) {
            List<ChatRecord> newer = List.copyOf(recent);
            recent.clear();
            readHistory(older.bytes()); // a torn line there stays: that file is no longer written
            newer.forEach(this::remember);
        }
    }

    /**
     * Reads the records in the last lines of the file, keeping the last {@code historySize}. Skips,
     * with a warning, each line that is not a record, and a last line without its {@code '\n'}:
     * that one was cut short by a crash while it was written, so even if it looks whole, its end
     * may be missing.
     *
     * @param bytes the end of the file, from the start of a line: its last lines, perhaps ending with
     *              a torn one (read for you by {@link LogTail}, which never reads the whole file)
     * @return where the cut-short last line starts in {@code bytes}; {@link #NOTHING_TORN} if there is none
     */
    private long readHistory(byte[] bytes) {
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
        keepTheFileInView();
        try {
            // TODO Step 2: keep the record for newcomers; write it and its '\n', flush; on failure report it and close the file
            throw new UnsupportedOperationException("TODO Step 2: keep the record for newcomers; write it and its '\\n', flush; on failure report it and close the file");
        } finally {
            takeNoteOfTheWrite();
        }
    }

    /** The last records, oldest first: what a newcomer gets as history. */
    public synchronized List<ChatRecord> history() {
        keepTheFileInView();
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

    /**
     * Notices what happened to the file since this log last wrote it. Replaced (an editor, or
     * {@code sed -i}, writes a new file under the old name: this log would go on writing into the
     * old one, which nobody sees any more), truncated or removed: warns once, and opens it again,
     * history and all. A write that failed before is tried again on a new writer.
     */
    private void keepTheFileInView() {
        if (closed) {
            return;
        }
        if (out == null) {
            if (failedSince != null && (Files.isRegularFile(file) || Files.notExists(file))) {
                tryAgain();
            }
            return;
        }
        if (saved == null) {
            return; // not a regular file: nothing anyone could have edited
        }
        String change = saved.changeTo(FileState.of(file));
        if (change != null) {
            LOG.warn(Texts.get("log.changed", file, change));
            closeQuietly();
            open();
        }
    }

    /** After a failed write: opens the file again, cutting off what the failed write may have left. */
    private void tryAgain() {
        retrying = true; // a failure now is not reported again
        FileState now = FileState.of(file);
        if (saved != null && now != null && saved.isSameFile(now) && now.size() >= saved.size()) {
            out = openForAppend(now.size() > saved.size() ? saved.size() : NOTHING_TORN);
        } else {
            open(); // changed meanwhile, or never opened: as at start
        }
    }

    /** After a write: whether it worked (then the file is as this log left it); rotates a full file. */
    private void takeNoteOfTheWrite() {
        if (out == null) {
            if (failedSince != null) {
                unsaved++;
            }
            return;
        }
        if (retrying) {
            LOG.warn(Texts.get("log.savingAgain", file, failedSince, unsaved));
            retrying = false;
            failedSince = null;
            unsaved = 0;
        }
        saved = FileState.of(file);
        if (saved != null && saved.size() >= rotation.maxBytes() && !rotationFailed) {
            rotate();
        }
    }

    /** chat_log.txt becomes chat_log.1.txt, chat_log.1.txt becomes chat_log.2.txt...; the oldest goes. */
    private void rotate() {
        closeQuietly();
        try {
            Files.deleteIfExists(rotated(rotation.oldFiles()));
            for (int i = rotation.oldFiles() - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1));
                }
            }
            Files.move(file, rotated(1));
            LOG.info(Texts.get("log.rotated", file, saved.size(), rotated(1).getFileName()));
        } catch (IOException e) {
            rotationFailed = true;
            LOG.warn(Texts.get("log.cannotRotate", file, e));
        }
        out = openForAppend(NOTHING_TORN);
        saved = FileState.of(file);
    }

    /** The n-th old file: chat_log.txt gives chat_log.1.txt for n = 1. */
    private Path rotated(int n) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot > 0 ? name.substring(0, dot) + "." + n + name.substring(dot) : name + "." + n);
    }

    /** Ends a last line that is no record, so that the next record is a line of its own. */
    private void endTheLastLine() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        } catch (IOException e) {
            reportWriteFailure(e);
        }
    }

    /** Reports a failure to write, once: not again while saving is being tried again. */
    private void reportWriteFailure(IOException e) {
        if (!retrying) {
            LOG.error(Texts.get("log.cannotWrite", file, e));
        }
        if (failedSince == null) {
            failedSince = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }
    }

    /** Stops writing; records appended later are only kept for {@link #history()}. */
    @Override
    public synchronized void close() {
        closed = true;
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

    /**
     * What tells that someone else changed a file: its identity (the inode on Linux and macOS),
     * size and time of the last change.
     */
    private record FileState(Object key, long size, FileTime modified) {

        /** The state of a regular file; null if it is missing, or not a regular file. */
        static FileState of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return attributes.isRegularFile()
                        ? new FileState(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime()) : null;
            } catch (IOException missing) {
                return null;
            }
        }

        boolean isSameFile(FileState now) {
            return Objects.equals(key, now.key);
        }

        /** How the file changed into {@code now}; null if it did not. */
        String changeTo(FileState now) {
            if (now == null) {
                return Texts.get("log.change.removed");
            } else if (!isSameFile(now)) {
                return Texts.get("log.change.replaced");
            } else if (now.size < size) {
                return Texts.get("log.change.truncated");
            } else if (!equals(now)) {
                return Texts.get("log.change.edited");
            }
            return null;
        }
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}

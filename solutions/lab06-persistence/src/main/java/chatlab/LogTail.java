package chatlab;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a log file: its last few records, read backwards in blocks from the end, so that a
 * log of gigabytes opens as fast, and in as little memory, as a log of kilobytes.
 *
 * <p>The tail always starts at the start of a line (or of the file): a '\n' byte is never part of
 * a longer UTF-8 character, so the bytes after it decode cleanly. It may end with a torn line
 * (one without its '\n'), exactly as the file does.
 *
 * @param start      where the tail starts in the file, in bytes
 * @param bytes      the bytes from {@code start} to the end of the file
 * @param endsMidLine the file's last line is longer than any tail may be, so the tail holds none of
 *                   it ({@code bytes} is empty): it is no record, and the next one must start a
 *                   line of its own
 */
record LogTail(long start, byte[] bytes, boolean endsMidLine) {

    /** The longest record a server writes, with room to spare (a message is at most 4 KB of text). */
    static final int MAX_RECORD_BYTES = 4 * Protocol.MAX_LINE_BYTES;
    private static final int BLOCK = 64 * 1024;
    private static final List<String> KEYWORDS = List.of("MSG ", "JOINED ", "LEFT ");

    /**
     * Reads the file back from its end until it has {@code records} lines that look like records
     * (so that foreign lines among them do not shorten the history), and whatever follows the
     * last '\n'. Less if the file has less, or if that would take more than {@code records + 1}
     * records of {@link #MAX_RECORD_BYTES}: lines that long are not records anyway.
     */
    static LogTail read(Path file, int records) throws IOException {
        long maxBytes = (records + 1L) * MAX_RECORD_BYTES;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Blocks blocks = new Blocks(channel, channel.size());
            long lineEnd = -1; // where the '\n' of the line being read is; -1 before the first '\n' (a torn line)
            int found = 0;
            for (long at = blocks.size - 1; at >= 0 && blocks.size - at <= maxBytes; at--) {
                if (blocks.byteAt(at) != '\n') {
                    continue;
                }
                if (records == 0 || lineEnd >= 0 && looksLikeRecord(blocks, at + 1, lineEnd) && ++found == records) {
                    return new LogTail(at + 1, blocks.from(at + 1), false);
                }
                lineEnd = at;
            }
            if (blocks.size <= maxBytes) {
                return new LogTail(0, blocks.from(0), false); // the whole file
            }
            // Too far back to go on: start at the earliest line start found, if any.
            return lineEnd < 0 ? new LogTail(blocks.size, new byte[0], true)
                    : new LogTail(lineEnd + 1, blocks.from(lineEnd + 1), false);
        }
    }

    /**
     * Whether the line from {@code start} to {@code end} has the shape of a record: an instant
     * (a digit first, 'Z' last), a space, a chat line's keyword. Only to know how far back to read:
     * whether it is a record is for {@link ChatRecord#parse} to say.
     */
    private static boolean looksLikeRecord(Blocks blocks, long start, long end) throws IOException {
        if (start >= end || !Character.isDigit(blocks.byteAt(start))) {
            return false;
        }
        for (long at = start; at < end && at - start < 40; at++) {
            if (blocks.byteAt(at) == ' ') {
                if (blocks.byteAt(at - 1) != 'Z') {
                    return false;
                }
                for (String keyword : KEYWORDS) {
                    if (blocks.startsWith(at + 1, end, keyword)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    /** The file's blocks of {@link #BLOCK} bytes counted from its end, each read once, when first needed. */
    private static final class Blocks {
        private final FileChannel channel;
        private final long size;
        private final List<byte[]> fromTheEnd = new ArrayList<>();

        Blocks(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        byte byteAt(long position) throws IOException {
            int block = (int) ((size - 1 - position) / BLOCK);
            while (fromTheEnd.size() <= block) {
                long end = size - (long) fromTheEnd.size() * BLOCK;
                fromTheEnd.add(readFully(Math.max(0, end - BLOCK), (int) Math.min(BLOCK, end)));
            }
            return fromTheEnd.get(block)[(int) (position - Math.max(0, size - (block + 1L) * BLOCK))];
        }

        boolean startsWith(long position, long end, String keyword) throws IOException {
            for (int i = 0; i < keyword.length(); i++) {
                if (position + i >= end || byteAt(position + i) != keyword.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The bytes from this position to the end of the file. */
        byte[] from(long start) throws IOException {
            byte[] tail = new byte[(int) (size - start)];
            for (long at = start; at < size; at++) { // blocks already read: byteAt only copies
                tail[(int) (at - start)] = byteAt(at);
            }
            return tail;
        }

        private byte[] readFully(long position, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new EOFException("the log became shorter while it was read");
                }
            }
            return buffer.array();
        }
    }
}

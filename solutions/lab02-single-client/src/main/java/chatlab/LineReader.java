package chatlab;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a stream, like {@link java.io.BufferedReader#readLine()}, but refuses a
 * line longer than a bound instead of growing without limit. A BufferedReader keeps collecting
 * characters until a line end arrives, so a client that sends megabytes without a '\n' would make
 * the server run out of memory; this reader never holds more than the bound.
 *
 * <p>It works on bytes and decodes a whole line at once, so a character whose bytes arrive in
 * two pieces is still decoded correctly, and the bound counts bytes, as the protocol does.
 */
public final class LineReader {

    /** Thrown when a line is longer than the bound; the rest of the line is left unread. */
    public static final class LineTooLongException extends IOException {
        public LineTooLongException(int maxBytes) {
            super("a line is longer than " + maxBytes + " bytes");
        }
    }

    private final InputStream in;
    private final int maxBytes;
    /** One extra byte for a '\r' that may come before the '\n' of the longest allowed line. */
    private final byte[] line;

    /** A reader with the protocol's bound, {@link Protocol#MAX_LINE_BYTES}. */
    public LineReader(InputStream in) {
        this(in, Protocol.MAX_LINE_BYTES);
    }

    public LineReader(InputStream in, int maxBytes) {
        this.in = new BufferedInputStream(in);
        this.maxBytes = maxBytes;
        this.line = new byte[maxBytes + 1];
    }

    /**
     * The next line, without its '\n' and without a '\r' just before it; null at the end of the
     * stream. Bytes that are not valid UTF-8 become the replacement character '\uFFFD'.
     *
     * @throws LineTooLongException if the line has more than the bound's bytes
     * @throws IOException if the connection breaks
     */
    public String readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                // The stream ended: a last line without '\n' still counts, nothing else is left.
                if (length > maxBytes) { // the byte kept for a '\r' came, but no '\n' after it
                    throw new LineTooLongException(maxBytes);
                }
                return length == 0 ? null : decode(length);
            }
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                if (length > maxBytes) {
                    throw new LineTooLongException(maxBytes);
                }
                return decode(length);
            }
            if (length == line.length) {
                throw new LineTooLongException(maxBytes);
            }
            line[length++] = (byte) b;
        }
    }

    private String decode(int length) {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}

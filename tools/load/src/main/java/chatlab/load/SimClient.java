package chatlab.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One simulated chat client: a non-blocking socket, the bytes it still has to send, and the
 * bytes of a line it has only partly received. It does no work of its own: {@link LoadRun}'s
 * single thread calls it when its socket is ready, so a thousand clients need no thousand threads.
 */
final class SimClient {

    /** Enough for the longest line of the protocol (4096 bytes of text plus its prefix). */
    private static final int IN_BUFFER = 16 * 1024;
    /** What may wait for a server that does not read; a message that does not fit is not sent. */
    private static final int OUT_BUFFER = 64 * 1024;

    final int index;
    final String name;
    final SocketChannel channel;
    SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(IN_BUFFER);
    private final ByteBuffer out = ByteBuffer.allocate(OUT_BUFFER);
    /** Set while a line longer than the buffer is being skipped. */
    private boolean skippingLongLine;

    boolean connected;
    boolean welcomed;
    boolean closed;
    /** Never reads after its WELCOME (see {@link LoadRun}). */
    boolean stuck;

    SimClient(int index, String name, SocketChannel channel) {
        this.index = index;
        this.name = name;
        this.channel = channel;
        out.flip(); // kept in "ready to be written to the socket" mode between sends
    }

    /**
     * Queues a line and sends as much as the socket takes now.
     *
     * @return false if the line did not fit: the server has not read what this client sent before
     */
    boolean send(byte[] line) throws IOException {
        out.compact();
        boolean fits = out.remaining() >= line.length;
        if (fits) {
            out.put(line);
        }
        out.flip();
        flush();
        return fits;
    }

    /** Writes what the socket takes; asks to be told when it can take more. */
    void flush() throws IOException {
        channel.write(out);
        boolean reads = !(stuck && welcomed); // a stuck client reads its WELCOME, then nothing more
        int interest = (reads ? SelectionKey.OP_READ : 0) | (out.hasRemaining() ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != interest) {
            key.interestOps(interest);
        }
    }

    /** What to do with one line the server sent. */
    interface LineSink {
        void line(SimClient client, byte[] bytes, int start, int end);
    }

    /**
     * Reads what the socket has and hands every whole line to the sink.
     *
     * @return false when the server closed the connection
     */
    boolean read(LineSink sink) throws IOException {
        int n;
        while ((n = channel.read(in)) > 0) {
            byte[] bytes = in.array();
            int start = 0;
            int end = in.position();
            for (int i = 0; i < end; i++) {
                if (bytes[i] == '\n') {
                    if (!skippingLongLine) {
                        sink.line(this, bytes, start, i);
                    }
                    skippingLongLine = false;
                    start = i + 1;
                }
            }
            if (start == 0 && end == bytes.length) { // a line longer than the buffer: not ours, skip it
                skippingLongLine = true;
                in.clear();
            } else {
                in.limit(end).position(start);
                in.compact();
            }
        }
        return n >= 0;
    }

    static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a broken connection: it is closed either way
        }
    }
}

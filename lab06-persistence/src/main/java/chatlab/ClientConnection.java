package chatlab;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's end of one client's connection: reads the client's lines with the protocol's bound,
 * and sends it lines <b>without ever waiting</b>.
 *
 * <p>Why never wait? A client that does not read fills the operating system's buffers, and then a
 * write to its socket blocks. Lab04 gave each client a writer thread of its own, so that only that
 * thread waits. That costs a thread switch per line sent: on Java 17's platform threads, about
 * 30 µs, which is the limit of a chat of a thousand people (docs/BENCHMARKS.md). Here the socket is
 * in non-blocking mode instead: a write takes what fits in the system's buffer and returns at once.
 * <ul>
 *   <li>{@link #queue} puts a line in this client's send queue (the "SendQ", as IRC servers call
 *       it): memory only, so it may be called under the chat's lock;</li>
 *   <li>{@link #flush} (outside the lock) writes what waits, in as few system calls as possible. If
 *       the socket is full, the rest waits in the queue and the {@link SocketWriter} sends it when
 *       the client has read enough. Only a client that is behind costs anything more.</li>
 * </ul>
 * One thread at a time "owns" the writing of a connection: whoever queued a line into an idle
 * queue (and so must see it written: the {@link ChatServer} does it right after its lock), or the
 * socket writer. So lines leave in the order they were queued, and several lines queued meanwhile
 * leave together in one write.
 *
 * <p>Reading stays as simple as ever: the client's own thread reads its lines, and when nothing
 * has come yet it waits until the {@link SocketReader} tells it something has (the socket itself
 * no longer waits).
 */
public class ClientConnection implements Closeable {

    /** Put in the queue after the last line: the connection closes once everything before it is sent. */
    private static final byte[] CLOSE = new byte[0];
    /** At most this many lines per write (one system call). */
    private static final int LINES_PER_WRITE = 256;
    /** The operating system's send buffer of the socket, in bytes: many lines, a fraction of a budget. */
    private static final int SYSTEM_SEND_BUFFER = 64 * 1024;

    private final SocketChannel channel;
    private final SocketReader socketReader;
    private final SocketWriter socketWriter;
    /** The thread that reads, while it waits for bytes; and whether they came (or the connection closed). */
    private volatile Thread waitingReader;
    private volatile boolean mayRead;
    private final LineReader in;

    /** The lines not yet sent, oldest first; guarded by this object's lock (as all fields below). */
    private final ArrayDeque<byte[]> sendQueue = new ArrayDeque<>();
    /** How many bytes of the oldest line have been sent already. */
    private int sentOfFirst;
    /** The bytes waiting in the send queue. */
    private long queuedBytes;
    /** Whether a thread owns the writing now (see the class comment). */
    private boolean writing;
    /** Whether the close marker is queued: nothing more may be queued. */
    private boolean closing;
    /** Since when the queue holds more than the budget ({@link System#nanoTime()}); valid while over budget. */
    private long overBudgetSince;
    private boolean overBudget;
    /** When the client last took bytes from us ({@link System#nanoTime()}). */
    private long lastAccepted = System.nanoTime();
    private final long budget;

    /**
     * @param channel      a connected socket; it is switched to non-blocking mode
     * @param socketReader wakes up the reading thread when there is something to read
     * @param socketWriter sends the rest when this client's socket is full
     * @param budget       the send queue's budget in bytes (see {@link #overBudgetFor})
     */
    public ClientConnection(SocketChannel channel, SocketReader socketReader, SocketWriter socketWriter, long budget)
            throws IOException {
        this.channel = channel;
        this.socketReader = socketReader;
        this.socketWriter = socketWriter;
        this.budget = budget;
        // Nagle's algorithm holds a small segment back while an earlier one is not acknowledged, hoping
        // to fill it up: up to 40 ms of delay for a chat line. We write whole batches ourselves: send at once.
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        // A fixed system buffer, instead of one the system may grow to megabytes for a client that
        // does not read: what waits for a client is then in its send queue, where the budget sees it.
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SYSTEM_SEND_BUFFER);
        channel.configureBlocking(false);
        this.in = new LineReader(new WaitingInput());
    }

    /** Where the client connects from. */
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException closed) {
            return null;
        }
    }

    /**
     * The client's next line, waiting for it; null when the client closed the connection.
     *
     * @throws LineReader.LineTooLongException if the client sent a line over the protocol's limit
     */
    public String readLine() throws IOException {
        return in.readLine();
    }

    /** The socket as a stream that waits for bytes, for the {@link LineReader}. */
    private final class WaitingInput extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (true) {
                int n = channel.read(buffer); // never waits: 0 when nothing is there yet
                if (n != 0) {
                    return n;
                }
                waitUntilReadable();
            }
        }
    }

    /** Waits until the socket reader says there is something to read, or the connection closes. */
    private void waitUntilReadable() throws IOException {
        mayRead = false;
        waitingReader = Thread.currentThread();
        socketReader.wakeWhenReadable(this);
        while (!mayRead && channel.isOpen()) {
            LockSupport.park(this);
        }
        waitingReader = null;
    }

    /** Called by the socket reader: there is something to read (or the connection closed). */
    void readable() {
        mayRead = true;
        Thread reader = waitingReader;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    /**
     * Puts a line (its UTF-8 bytes with the '\n') at the end of the send queue. Never waits, never
     * writes: it may be called under the chat's lock. The bytes are not copied: one array serves
     * every client, so they must not change afterwards.
     *
     * @return true if the caller must now {@link #flush()} (outside any lock): nobody else is writing
     */
    public synchronized boolean queue(byte[] line) {
        if (closing) {
            return false;
        }
        sendQueue.addLast(line);
        queuedBytes += line.length;
        if (!overBudget && queuedBytes > budget) {
            overBudget = true;
            overBudgetSince = System.nanoTime();
        }
        return takeWriting();
    }

    /**
     * Queues nothing more after this line (if not null): the connection closes once everything
     * queued is sent, or at once if the client is far behind. Never waits, never writes.
     */
    public void queueLast(byte[] line) {
        boolean mustFlush;
        synchronized (this) {
            if (closing) {
                return;
            }
            if (overBudget) { // far behind: it would get the line long after, if ever
                closing = true;
                close();
                return;
            }
            if (line != null) {
                sendQueue.addLast(line);
                queuedBytes += line.length;
            }
            closing = true;
            sendQueue.addLast(CLOSE);
            mustFlush = takeWriting();
        }
        if (mustFlush) {
            socketWriter.sendWhenWritable(this); // it may be called under the chat's lock: never write here
        }
    }

    private boolean takeWriting() {
        if (writing) {
            return false; // the owner sends this line too
        }
        writing = true;
        return true;
    }

    /**
     * Writes what the socket takes now, without waiting; the rest, if any, goes to the socket
     * writer. Only the owner of the writing calls it (whoever got true from {@link #queue}).
     */
    public void flush() {
        try {
            while (true) {
                ByteBuffer[] batch = takeBatch();
                if (batch == null) {
                    return; // all sent; writing released
                }
                if (batch.length == 0) { // the close marker is next
                    close();
                    return;
                }
                long written = batch.length == 1 ? channel.write(batch[0]) : channel.write(batch);
                boolean socketFull = sent(written, batch);
                if (socketFull) {
                    socketWriter.sendWhenWritable(this); // still the owner: the socket writer goes on
                    return;
                }
            }
        } catch (IOException broken) {
            close(); // the reading thread sees the end and the client leaves
        }
    }

    /**
     * Like {@link #flush()}, but on virtual threads (Java 21 and later) in a small task of its own,
     * and the caller goes on at once. Starting a virtual thread costs about as much as one write,
     * and the task runs once the threads ready before it have run: by then more lines may have
     * been queued, and they leave together in one write. On platform threads (Java 17), where
     * handing work to another thread costs some 30 µs, the caller writes itself.
     */
    public void flushSoon() {
        if (ServerThreads.virtual()) {
            ServerThreads.start("send", this::flush);
        } else {
            flush();
        }
    }

    /**
     * The lines at the queue's head, for one write; null if nothing is left (then the writing is
     * released), empty if the close marker is next.
     */
    private synchronized ByteBuffer[] takeBatch() {
        if (sendQueue.isEmpty()) {
            writing = false;
            return null;
        }
        int count = 0;
        for (byte[] line : sendQueue) {
            if (line == CLOSE || count == LINES_PER_WRITE) {
                break;
            }
            count++;
        }
        ByteBuffer[] batch = new ByteBuffer[count];
        int i = 0;
        for (byte[] line : sendQueue) {
            if (i == count) {
                break;
            }
            int skip = i == 0 ? sentOfFirst : 0;
            batch[i++] = ByteBuffer.wrap(line, skip, line.length - skip);
        }
        return batch;
    }

    /** Removes what was written from the queue; whether the socket took less than offered (it is full). */
    private synchronized boolean sent(long written, ByteBuffer[] batch) {
        if (written > 0) {
            lastAccepted = System.nanoTime();
        }
        queuedBytes -= written;
        long left = written;
        while (left > 0) {
            int rest = sendQueue.peekFirst().length - sentOfFirst;
            if (left >= rest) {
                sendQueue.removeFirst();
                sentOfFirst = 0;
                left -= rest;
            } else {
                sentOfFirst += (int) left;
                left = 0;
            }
        }
        if (overBudget && queuedBytes <= budget) {
            overBudget = false;
        }
        return batch[batch.length - 1].hasRemaining();
    }

    /** The bytes waiting for this client. */
    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Whether more than the budget has been waiting for this client, without a break, for longer than this (ns). */
    public synchronized boolean overBudgetFor(long nanos, long now) {
        return overBudget && now - overBudgetSince > nanos;
    }

    /**
     * Whether this client is behind but still reading: more than the budget waits for it, and it
     * took bytes within the last {@code nanos}. Senders then wait for it (see {@link ChatServer}).
     */
    public synchronized boolean behindButReading(long nanos, long now) {
        return overBudget && now - lastAccepted < nanos;
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return !channel.isOpen();
    }

    SocketChannel channel() {
        return channel;
    }

    /** Closes the connection now; a thread waiting in {@link #readLine()} then gets an IOException. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that is already broken may fail; it is closed either way.
        }
        readable(); // a reading thread that waits finds the connection closed
    }
}

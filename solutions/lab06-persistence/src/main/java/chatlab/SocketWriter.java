package chatlab;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread for every client that is behind: it waits until the socket of such a client has room
 * again, then goes on sending its queue ({@link ClientConnection#flush()}).
 *
 * <p>A client that reads keeps up, and never comes here: whoever queued its line wrote it. A client
 * whose socket is full is handed over once, and stays here, sending as fast as it reads, until its
 * queue is empty. Everything that piled up meanwhile then leaves in few large writes: a client that
 * fell behind catches up, instead of being sent one line per system call.
 */
final class SocketWriter implements Closeable {

    private final Selector writable;
    /** Handed over by other threads; registered by this one (a selector is not shared while it waits). */
    private final Queue<ClientConnection> handedOver = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** How long {@link #closeWhenDone()} waits at most. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(5);
    /** Set by {@link #closeWhenDone()}: when the thread ends at the latest ({@link System#nanoTime()}). */
    private volatile long closeBy = Long.MAX_VALUE;

    SocketWriter() throws IOException {
        this.writable = Selector.open();
        this.thread = new Thread(this::run, "socket writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends the rest of this connection's queue once its socket has room. Never waits. */
    void sendWhenWritable(ClientConnection connection) {
        handedOver.add(connection);
        if (Thread.currentThread() != thread) {
            writable.wakeup();
        }
    }

    private void run() {
        try {
            while (writable.isOpen()) {
                for (ClientConnection connection; (connection = handedOver.poll()) != null; ) {
                    watch(connection);
                }
                writable.select(closeBy == Long.MAX_VALUE ? 1000 : 50); // closed sockets leave the selector only then
                for (SelectionKey key : writable.selectedKeys()) {
                    try {
                        key.interestOps(0); // until it is full again
                    } catch (CancelledKeyException closed) {
                        continue;
                    }
                    ((ClientConnection) key.attachment()).flush();
                }
                writable.selectedKeys().clear();
                if (closeBy != Long.MAX_VALUE && ((writable.keys().stream().noneMatch(SelectionKey::isValid)
                        && handedOver.isEmpty()) || System.nanoTime() > closeBy)) {
                    writable.close();
                }
            }
        } catch (IOException | RuntimeException closed) {
            // close() was called
        }
    }

    private void watch(ClientConnection connection) {
        SelectionKey key = connection.channel().keyFor(writable);
        try {
            if (key == null) {
                connection.channel().register(writable, SelectionKey.OP_WRITE, connection);
            } else {
                key.interestOps(SelectionKey.OP_WRITE);
            }
        } catch (ClosedChannelException | CancelledKeyException closed) {
            // it is gone: nothing more to send
        }
    }

    /**
     * Ends the thread once every connection handed over is done (sent its last lines and closed),
     * or after {@link #LAST_WORDS} at most: a client that does not read will not get them anyway.
     */
    void closeWhenDone() {
        closeBy = System.nanoTime() + LAST_WORDS.toNanos();
        writable.wakeup();
    }

    @Override
    public void close() throws IOException {
        writable.close();
    }
}

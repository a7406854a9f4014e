package chatlab;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Wakes up a client's thread when its socket has something to read. The sockets are in
 * non-blocking mode ({@link ClientConnection}), so a read returns at once, with nothing if the
 * client has not sent anything: the client's thread then waits here, and this one thread watches
 * the sockets of every waiting client with one {@link Selector}.
 *
 * <p>Each client still has its own thread that reads its own lines, as in lab03; only the waiting
 * is shared. It costs a wake-up per line a client <i>sends</i>, never per line it receives.
 */
final class SocketReader implements Closeable {

    private final Selector readable;
    /** Handed over by the clients' threads; registered by this one. */
    private final Queue<ClientConnection> waiting = new ConcurrentLinkedQueue<>();

    SocketReader() throws IOException {
        this.readable = Selector.open();
        Thread thread = new Thread(this::run, "socket reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by the connection's reading thread: wake it (see {@link ClientConnection#readable()}) when there is something. */
    void wakeWhenReadable(ClientConnection connection) {
        waiting.add(connection);
        readable.wakeup();
    }

    private void run() {
        try {
            while (readable.isOpen()) {
                for (ClientConnection connection; (connection = waiting.poll()) != null; ) {
                    watch(connection);
                }
                readable.select(1000); // now and then anyway: closed sockets leave the selector only then
                for (SelectionKey key : readable.selectedKeys()) {
                    try {
                        key.interestOps(0); // until its thread has read everything there is
                    } catch (CancelledKeyException closed) {
                        // closed meanwhile: its thread is woken by close()
                    }
                    ((ClientConnection) key.attachment()).readable();
                }
                readable.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException closed) {
            // close() was called
        }
    }

    private void watch(ClientConnection connection) {
        SelectionKey key = connection.channel().keyFor(readable);
        try {
            if (key == null) {
                connection.channel().register(readable, SelectionKey.OP_READ, connection);
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (ClosedChannelException | CancelledKeyException closed) {
            connection.readable(); // its thread finds the connection closed
        }
    }

    @Override
    public void close() throws IOException {
        readable.close();
    }
}

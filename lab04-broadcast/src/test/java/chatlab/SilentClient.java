package chatlab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client that joins, then never reads again: a stuck program, or a laptop gone to sleep. */
final class SilentClient implements AutoCloseable {

    private final Socket socket;

    private SilentClient(Socket socket) {
        this.socket = socket;
    }

    static SilentClient join(int port, String name) throws IOException {
        Socket socket = new Socket();
        // A small receive buffer (set before connecting) so that the server's side fills up soon.
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setSoTimeout(3000);
        socket.getOutputStream().write((name + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder welcome = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                break;
            }
            welcome.append((char) b);
        }
        if (!welcome.toString().equals("WELCOME " + name)) {
            socket.close();
            throw new AssertionError("the answer to the name " + name + " was '" + welcome + "' instead of WELCOME " + name);
        }
        return new SilentClient(socket);
    }

    /**
     * Reads and throws away whatever the server had sent (the client wakes up at last), and says
     * whether the stream then ends: whether the server closed the connection.
     */
    boolean closedByServerWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true; // a reset connection is closed too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

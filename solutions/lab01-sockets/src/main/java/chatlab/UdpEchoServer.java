package chatlab;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;

/**
 * A UDP echo server: every datagram that arrives goes back, unchanged, to whoever sent it.
 * There is no connection: each datagram carries its sender's address and port.
 */
public class UdpEchoServer implements Closeable {

    /** The largest payload a UDP datagram can carry over IPv4. */
    static final int MAX_DATAGRAM = 65_507;

    private final DatagramSocket socket;

    /** Binds a datagram socket to the port (0 = any free port). */
    public UdpEchoServer(int port) throws IOException {
        // region Step 6: open a DatagramSocket bound to the given port
        socket = new DatagramSocket(port);
        // endregion
    }

    /** The port the server receives on. */
    public int port() {
        // region Step 6: return the port the datagram socket is bound to
        return socket.getLocalPort();
        // endregion
    }

    /** Echoes datagrams until {@link #close()}; then returns. */
    public void serve() throws IOException {
        // region Step 7: receive each datagram and send the same bytes back to its sender
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (true) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(request);
            } catch (SocketException closed) {
                return; // close() was called
            }
            // Only the first getLength() bytes of the buffer belong to this datagram.
            socket.send(new DatagramPacket(request.getData(), request.getLength(), request.getSocketAddress()));
        }
        // endregion
    }

    /** Frees the port and makes {@link #serve()} return. */
    @Override
    public void close() {
        // region Step 6: close the datagram socket
        socket.close();
        // endregion
    }

    /** Runs the server from the command line: {@code UdpEchoServer [port]}, by default 12345. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 12345;
        try (UdpEchoServer server = new UdpEchoServer(port)) {
            System.out.println("UDP echo server on port " + server.port() + ". Try it: nc -u localhost " + server.port());
            server.serve();
        }
    }
}

package chatlab;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A UDP client: sends a message as one datagram and waits, for a limited time, for the reply. */
public class UdpEchoClient implements Closeable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    /**
     * @param timeout how long {@link #send(String)} waits for a reply before giving up
     */
    public UdpEchoClient(String host, int port, Duration timeout) throws IOException {
        // region Step 8: open a DatagramSocket on any port, with a receive timeout
        socket = new DatagramSocket();
        socket.setSoTimeout((int) timeout.toMillis()); // UDP may lose the reply: never wait forever
        server = new InetSocketAddress(host, port);
        // endregion
    }

    /**
     * Sends the message in UTF-8 as one datagram and returns the reply.
     *
     * @throws SocketTimeoutException if no reply arrives within the timeout
     */
    public String send(String message) throws IOException {
        // region Step 8: send the message's bytes, then receive the reply and decode exactly its length
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, server));
        DatagramPacket reply = new DatagramPacket(new byte[UdpEchoServer.MAX_DATAGRAM], UdpEchoServer.MAX_DATAGRAM);
        socket.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        // endregion
    }

    @Override
    public void close() {
        // region Step 8: close the datagram socket
        socket.close();
        // endregion
    }
}

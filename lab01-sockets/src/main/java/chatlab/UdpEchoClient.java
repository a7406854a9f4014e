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
        // TODO Step 8: open a DatagramSocket on any port, with a receive timeout
        throw new UnsupportedOperationException("TODO Step 8: open a DatagramSocket on any port, with a receive timeout");
    }

    /**
     * Sends the message in UTF-8 as one datagram and returns the reply.
     *
     * @throws SocketTimeoutException if no reply arrives within the timeout
     */
    public String send(String message) throws IOException {
        // TODO Step 8: send the message's bytes, then receive the reply and decode exactly its length
        throw new UnsupportedOperationException("TODO Step 8: send the message's bytes, then receive the reply and decode exactly its length");
    }

    @Override
    public void close() {
        // TODO Step 8: close the datagram socket
        throw new UnsupportedOperationException("TODO Step 8: close the datagram socket");
    }
}

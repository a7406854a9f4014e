package chatlab;

import chatlab.testkit.Background;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A stand-in server for testing a student's client: it accepts one connection, records every
 * byte it receives and answers each line with "got: " and the line, so that a test can tell a
 * client that returns the server's reply from one that returns its own input.
 */
final class FakeTcpServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Background serving;

    FakeTcpServer() throws IOException {
        serverSocket = new ServerSocket(0);
        serving = Background.start("FakeTcpServer", this::serveOneClient);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void serveOneClient() throws IOException {
        try (Socket client = serverSocket.accept()) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                record(b);
                if (b == '\n') {
                    out.write(("got: " + line.toString(StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }

    private synchronized void record(int b) {
        received.write(b);
    }

    /** Every byte the client has sent so far. */
    synchronized byte[] received() {
        return received.toByteArray();
    }

    /** Whether the client closed the connection (the server saw the end of the stream) within the wait. */
    boolean clientClosedWithin(Duration wait) {
        return serving.endsWithin(wait);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}

package chatlab;

import chatlab.testkit.Background;
import chatlab.testkit.Silence;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A stand-in server for testing a student's client: it accepts one connection, records every
 * byte it receives and answers each line, by default with "got: " and the line, so that a test
 * can tell a client that returns the server's reply from one that returns its own input.
 */
final class FakeTcpServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final UnaryOperator<String> answer;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Background serving;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch lineReceived = new CountDownLatch(1);
    private volatile Socket client;

    /** Answers every line with "got: " and the line, on every address of this machine. */
    FakeTcpServer() throws IOException {
        this(null, line -> "got: " + line);
    }

    /**
     * @param address the address to listen on, null for all of them
     * @param answer  the reply to a line (without its '\n'); null means: send nothing more and
     *                close the sending side, so the client reads the end of the stream
     */
    FakeTcpServer(InetAddress address, UnaryOperator<String> answer) throws IOException {
        this.answer = answer;
        serverSocket = new ServerSocket(0, 50, address);
        serving = Background.start("FakeTcpServer", this::serveOneClient);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void serveOneClient() throws IOException {
        client = serverSocket.accept();
        connected.countDown();
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            record(b);
            if (b == '\n') {
                lineReceived.countDown();
                String reply = answer.apply(line.toString(StandardCharsets.UTF_8));
                if (reply == null) {
                    client.shutdownOutput();
                } else {
                    out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private synchronized void record(int b) {
        received.write(b);
        Silence.heard(); // the client under test sends: it is not silent
    }

    /**
     * What the client's call (its {@code send()}) returned, waiting for it at most
     * {@link Silence#replyWait()}: 3 s, or less once this run has seen the code under test leave
     * a line unsent for the whole 3 s (a client without flush() is silent in every test).
     */
    static <T> T awaitReply(ThrowingSupplier<T> call) {
        Duration wait = Silence.replyWait();
        return assertTimeoutPreemptively(wait, call, () -> {
            String message = "send() was still waiting for the reply after " + describe(wait) + Silence.shortened(wait)
                    + ": did the client send the '\\n' and flush() its output?";
            Silence.witness(wait);
            return message;
        });
    }

    private static String describe(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }

    /** Whether a client has connected, waiting at most {@code wait}. */
    boolean connectedWithin(Duration wait) throws InterruptedException {
        return connected.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether a whole line (ended by '\n') has come, waiting at most {@code wait}. */
    boolean lineWithin(Duration wait) throws InterruptedException {
        return lineReceived.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every byte the client has sent so far. */
    synchronized byte[] received() {
        return received.toByteArray();
    }

    /** Whether the client closed the connection (the server saw the end of the stream) within the wait. */
    boolean clientClosedWithin(Duration wait) {
        return serving.endsWithin(wait);
    }

    /**
     * Whether the client's socket is gone for good, not only its sending side: a fully closed
     * socket answers what the server still sends with a reset, so a write fails; a half-closed
     * one (shutdownOutput) would go on taking the bytes.
     */
    boolean clientSocketGoneWithin(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.getOutputStream().write('\n');
                client.getOutputStream().flush();
            } catch (IOException reset) {
                return true;
            }
            Thread.sleep(20); // polling a socket's state: nothing to synchronise with
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        if (client != null) {
            client.close();
        }
    }
}

package chatlab.testkit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A test's end of a TCP connection that speaks UTF-8 lines, where every wait has a bound.
 *
 * <p>Tests use it to talk to a student's server exactly as a real client would. When the server
 * stays silent, {@link #readLine()} fails with a message that says so, instead of hanging.
 */
public final class LineConnection implements Closeable {

    /** How long a test waits for a line before it concludes the server will not send one. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(3);
    private static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Bytes received but not yet returned as a line; kept across time-outs so nothing is lost. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean endOfStream;

    private LineConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to a server on this machine, failing with a plain message if nobody listens. */
    public static LineConnection open(int port) {
        return open("127.0.0.1", port);
    }

    /**
     * Connects to a server at a given address, e.g. "127.0.0.2" (also this machine, but not the
     * address a server that only works on 127.0.0.1 expects).
     */
    public static LineConnection open(String host, int port) {
        return open(host, port, new Socket());
    }

    /**
     * Connects with a small receive buffer, set before connecting (the TCP window is agreed then):
     * a client that holds little, to see how a server treats a reader slower than its senders.
     */
    public static LineConnection openWithReceiveBuffer(int port, int bytes) {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(bytes);
        } catch (IOException e) {
            throw new AssertionError("could not set the receive buffer (" + e.getMessage() + ")", e);
        }
        return open("127.0.0.1", port, socket);
    }

    private static LineConnection open(String host, int port, Socket socket) {
        try {
            socket.connect(new InetSocketAddress(host, port), (int) DEFAULT_WAIT.toMillis());
            return new LineConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new AssertionError("could not connect to the server at " + host + " port " + port + " ("
                    + e.getMessage() + "): is it listening on the port it reports, on every address it should?", e);
        }
    }

    /** Sends one line: the text, then '\n', in UTF-8. */
    public LineConnection send(String line) {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends bytes exactly as given, e.g. half a line or invalid UTF-8. */
    public LineConnection sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new AssertionError("could not send to the server: the connection is broken (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The next line, waiting at most {@link #DEFAULT_WAIT} (or, once this run's server has left
     * a reply unsent that long, less: {@link Silence#replyWait()}); null if the server closed the connection.
     */
    public String readLine() {
        Duration wait = Silence.replyWait();
        int before = pending.size();
        try {
            return readLine(wait);
        } catch (SilenceError silent) {
            if (pending.size() == before) {
                Silence.witness(wait);
            }
            throw new SilenceError(silent.getMessage().replaceFirst(" ms for a line", " ms" + Silence.shortened(wait)
                    + " for a line"));
        }
    }

    /**
     * The next line without its '\n', or null if the server closed the connection. Fails if no
     * whole line arrives within {@code wait}, if the line ends with "\r\n" (the protocol ends
     * lines with '\n' alone), or if the connection ends in the middle of a line.
     */
    public String readLine(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] chunk = new byte[8192];
        try {
            while (true) {
                String line = takeLine();
                if (line != null) {
                    return line;
                }
                if (endOfStream) {
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw silence(wait);
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int count = in.read(chunk);
                if (count > 0) {
                    Silence.heard();
                }
                if (count < 0) {
                    endOfStream = true;
                } else {
                    pending.write(chunk, 0, count);
                    if (pending.size() > MAX_LINE_BYTES) {
                        throw new AssertionError("the server sent over " + MAX_LINE_BYTES + " bytes without a line end");
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            throw silence(wait);
        } catch (IOException e) {
            // A reset connection is, for a client, the same as a closed one.
            endOfStream = true;
            return takeLine();
        }
    }

    /** Whether the server closes this connection within {@code wait} (any lines before are skipped). */
    public boolean closedByServerWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) == null) {
                    return true;
                }
            } catch (AssertionError stillOpen) {
                return false;
            }
        }
        return false;
    }

    /** Removes and returns the first whole line received, or null if there is none yet. */
    private String takeLine() {
        byte[] bytes = pending.toByteArray();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, 0, i, StandardCharsets.UTF_8);
                pending.reset();
                pending.write(bytes, i + 1, bytes.length - i - 1);
                if (line.endsWith("\r")) {
                    throw new AssertionError("the line '" + line.strip() + "' ended with \"\\r\\n\": every line ends"
                            + " with '\\n' alone. println() and newLine() write the platform's line separator"
                            + " (\"\\r\\n\" on Windows); write \"\\n\" yourself.");
                }
                return line;
            }
        }
        if (endOfStream && bytes.length > 0) {
            pending.reset();
            throw new AssertionError("the connection ended in the middle of a line: '"
                    + new String(bytes, StandardCharsets.UTF_8).strip() + "' has no '\\n' after it");
        }
        return null;
    }

    /** No whole line within the wait: the server stayed silent (or sent half a line). */
    private static final class SilenceError extends AssertionError {
        SilenceError(String message) {
            super(message);
        }
    }

    private static AssertionError silence(Duration wait) {
        return new SilenceError("waited " + wait.toMillis() + " ms for a line from the server, but no whole line"
                + " arrived. Does the server write a '\\n' after each line and flush() its output?");
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /**
     * Closes the sending direction only (a half-close): the server reads end of stream, but
     * this side can still read what the server sends, as a client that ends with Ctrl+D does.
     */
    public void halfClose() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new AssertionError("could not half-close the connection (" + e.getMessage() + ")", e);
        }
    }

    /** Closes abruptly: the server sees a reset instead of a clean end of stream. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing below is what matters
        }
        close();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket we are throwing away
        }
    }
}

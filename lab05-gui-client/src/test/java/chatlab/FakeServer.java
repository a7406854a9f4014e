package chatlab;

import chatlab.testkit.Silence;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server that the test scripts line by line, to play what a real chat server rarely does: never
 * answer, reset the connection, watch exactly what the client sends.
 */
final class FakeServer implements Closeable {

    private final ServerSocket serverSocket;
    private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
    private final List<Peer> everyone = new CopyOnWriteArrayList<>();

    FakeServer() throws IOException {
        serverSocket = new ServerSocket();
        // A small window, the same on every machine: a client that writes to a server that does
        // not read is blocked after some 64 KB (plus its own send buffer), not after megabytes.
        serverSocket.setReceiveBufferSize(64 * 1024);
        serverSocket.bind(new InetSocketAddress(0));
        Thread acceptor = new Thread(this::acceptAll, "fake server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAll() {
        try {
            while (true) {
                Peer peer = new Peer(serverSocket.accept());
                everyone.add(peer);
                accepted.add(peer);
            }
        } catch (IOException closed) {
            // close() was called
        }
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** The next client that connects, waiting at most 3 s for it. */
    Peer nextClient(String what) {
        return nextClient(what, Waits.WAIT);
    }

    /** The next client that connects, waiting at most this long for it. */
    Peer nextClient(String what, Duration wait) {
        try {
            Peer peer = accepted.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (peer == null) {
                throw new AssertionError("the client never connected to the server (waited " + wait.toSeconds()
                        + " s for " + what + ")" + Edt.uncaughtSoFar());
            }
            return peer;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** How many clients have connected so far. */
    int connectionsSoFar() {
        return everyone.size();
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        everyone.forEach(Peer::close);
    }

    /** The server's end of one client's connection. */
    static final class Peer implements Closeable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean endOfStream;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Sends one line, in UTF-8. */
        void send(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new AssertionError("the client closed the connection, unexpectedly (" + e.getMessage() + ")");
            }
        }

        /**
         * The client's next line, or null if it closed the connection; fails after 3 s of silence
         * (less once the client has been silent that long in this run: {@link Silence}).
         */
        String readLine(String what) {
            Duration wait = Silence.replyWait();
            int before = pending.size();
            try {
                return readLine(what, wait);
            } catch (SilenceError silent) {
                if (pending.size() == before) {
                    Silence.witness(wait);
                }
                throw new AssertionError(silent.getMessage().replaceFirst(" s for ", " s" + Silence.shortened(wait)
                        + " for "));
            }
        }

        /** The client's next line, or null if it closed the connection; fails after the wait. */
        String readLine(String what, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] chunk = new byte[1024];
            try {
                while (true) {
                    String line = takeLine();
                    if (line != null || endOfStream) {
                        return line;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SilenceError("waited " + wait.toMillis() / 1000.0 + " s for " + what
                                + ", but the client sent no whole line. Does it write a '\\n' and flush()?"
                                + Edt.uncaughtSoFar());
                    }
                    socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    try {
                        int count = in.read(chunk);
                        if (count > 0) {
                            Silence.heard();
                        }
                        if (count < 0) {
                            endOfStream = true;
                        } else {
                            pending.write(chunk, 0, count);
                        }
                    } catch (SocketTimeoutException again) {
                        // the loop checks the deadline
                    }
                }
            } catch (IOException reset) {
                endOfStream = true;
                return takeLine();
            }
        }

        private String takeLine() {
            byte[] bytes = pending.toByteArray();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    pending.reset();
                    pending.write(bytes, i + 1, bytes.length - i - 1);
                    if (i > 0 && bytes[i - 1] == '\r') {
                        throw new AssertionError("the client ended a line with \"\\r\\n\": the protocol's line end is"
                                + " \"\\n\" alone. Write \"\\n\" yourself: println() and newLine() write the"
                                + " system's line end, which is \"\\r\\n\" on Windows");
                    }
                    return utf8(bytes, i);
                }
            }
            if (endOfStream && bytes.length > 0) {
                throw new AssertionError("the client closed the connection in the middle of a line: \""
                        + new String(bytes, StandardCharsets.UTF_8) + "\" has no \"\\n\" at its end");
            }
            return null;
        }

        /** The bytes as UTF-8; fails, in words, on bytes that are no UTF-8. */
        private static String utf8(byte[] bytes, int length) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            } catch (CharacterCodingException notUtf8) {
                throw new AssertionError("the client sent a line that is not UTF-8: \""
                        + new String(bytes, 0, length, StandardCharsets.UTF_8) + "\". The protocol's text is UTF-8:"
                        + " name the charset (StandardCharsets.UTF_8) when you turn text into bytes");
            }
        }

        /** Stops sending (a half-close): the client reads the end of the stream, but can still write. */
        void halfClose() {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                throw new AssertionError("could not half-close the connection: " + e.getMessage());
            }
        }

        /** Closes abruptly: the client's next read fails with "connection reset". */
        void reset() {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing below is what matters
            }
            close();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
    }

    /** No whole line from the client within the wait. */
    private static final class SilenceError extends AssertionError {
        SilenceError(String message) {
            super(message);
        }
    }
}

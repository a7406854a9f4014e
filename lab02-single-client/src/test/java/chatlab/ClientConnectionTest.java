package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.LineConnection;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step 1: the server's end of one connection, tested on its own over a real loopback socket. */
@Step(1)
class ClientConnectionTest {

    static final String UTF8_TEXT = "ciao, è già l'una? Ōsaka ō 李雷 🙂";

    private ServerSocket listener;
    private Socket serverSide;
    private LineConnection peer;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout((int) Waits.WAIT.toMillis());
        peer = LineConnection.open(listener.getLocalPort());
        serverSide = listener.accept();
    }

    @AfterEach
    void disconnect() throws IOException {
        peer.close();
        serverSide.close();
        listener.close();
    }

    @Test
    @Points(2)
    @DisplayName("send() writes each line in UTF-8, ended by '\\n', at once")
    void sendsWholeUtf8Lines() throws IOException {
        ClientConnection connection = new ClientConnection(serverSide);
        connection.send(UTF8_TEXT);
        assertThat(peer.readLine()).as("the line received after send(\"%s\")", UTF8_TEXT).isEqualTo(UTF8_TEXT);
        connection.send("second line");
        assertThat(peer.readLine()).as("the line received after send(\"second line\")").isEqualTo("second line");
    }

    @Test
    @Points(1)
    @DisplayName("readLine() reads UTF-8 lines ended by '\\n' or \"\\r\\n\", then null at the end")
    void readsUtf8Lines() throws IOException {
        ClientConnection connection = new ClientConnection(serverSide);
        peer.send(UTF8_TEXT);
        peer.sendRaw("as nc -C sends\r\n".getBytes(StandardCharsets.UTF_8));
        peer.close();
        assertThat(connection.readLine()).as("the first line read, sent in UTF-8").isEqualTo(UTF8_TEXT);
        assertThat(connection.readLine()).as("the line read, sent with \"\\r\\n\"").isEqualTo("as nc -C sends");
        assertThat(connection.readLine()).as("readLine() once the client closed the connection").isNull();
    }

    @Test
    @Points(1)
    @DisplayName("readLine() refuses a line over 4096 bytes with LineTooLongException")
    void refusesTooLongLines() throws IOException {
        ClientConnection connection = new ClientConnection(serverSide);
        peer.send("x".repeat(5000));
        assertThatThrownBy(connection::readLine)
                .as("readLine() of a line of 5000 bytes: read with the given LineReader, which enforces the limit")
                .isInstanceOf(LineReader.LineTooLongException.class);
    }

    @Test
    @Points(1)
    @DisplayName("close() closes the connection")
    void closeClosesTheSocket() throws IOException {
        ClientConnection connection = new ClientConnection(serverSide);
        connection.close();
        assertThat(peer.closedByServerWithin(Waits.WAIT))
                .as("after close() the other end should see the connection end, but it stayed open").isTrue();
    }

    @Test
    @Timeout(30) // tens of thousands of lines: seconds on a busy machine
    @Points(2)
    @DisplayName("send() from many threads at once never mixes two lines")
    void concurrentSendsStayWhole() throws Exception {
        try (Socket reader = new Socket()) {
            // Small socket buffers: senders often wait inside a write while the others queue up.
            reader.setReceiveBufferSize(4096);
            reader.connect(listener.getLocalSocketAddress(), (int) Waits.WAIT.toMillis());
            reader.setSoTimeout((int) Waits.WAIT.toMillis());
            Socket writer = listener.accept();
            writer.setSendBufferSize(4096);
            try (writer) {
                sendFromManyThreads(new ClientConnection(writer), reader);
            }
        }
    }

    /**
     * Two lines mix only when a thread is overtaken between writing a line and its '\n'. That
     * happens most when threads start sending together, so 8 threads are let go together by a
     * barrier 400 times, to send 10 short lines each time: 32,000 lines, read on a plain socket.
     */
    private static void sendFromManyThreads(ClientConnection connection, Socket reader) throws Exception {
        int threads = 8;
        int linesEach = 400 * 10;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int sender = t;
                sending.add(senders.submit(() -> {
                    for (int i = 0; i < linesEach; i++) {
                        if (i % 10 == 0) {
                            start.await(Waits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        }
                        connection.send("sender " + sender + " line " + i + " ō");
                    }
                    return null;
                }));
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8));
            Pattern whole = Pattern.compile("sender (\\d) line (\\d+) ō");
            int[] next = new int[threads];
            for (int n = 0; n < threads * linesEach; n++) {
                String line = in.readLine();
                Matcher matcher = whole.matcher(String.valueOf(line));
                if (!matcher.matches()) {
                    throw new AssertionError("while " + threads + " threads called send() at the same time, the"
                            + " client received the line '" + line + "': two lines got mixed up. send() must"
                            + " write the line and its '\\n' while no other thread can write (synchronized).");
                }
                int sender = Integer.parseInt(matcher.group(1));
                assertThat(Integer.parseInt(matcher.group(2))).as("the next line of sender %d", sender)
                        .isEqualTo(next[sender]++);
            }
            for (Future<?> done : sending) {
                done.get(Waits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    @Timeout(60) // it starts a second JVM, which takes seconds on a busy machine
    @Points(2)
    @DisplayName("the lines are UTF-8 and end with '\\n' on any platform (Windows' charset and line separator)")
    void platformIndependent() throws Exception {
        // ClientConnection runs in a second JVM that has the defaults of a Windows machine.
        try (ClientConnectionProbe.Probe probe = ClientConnectionProbe.start("-Dfile.encoding=US-ASCII",
                "-Dline.separator=\r\n");
             LineConnection toProbe = LineConnection.open(probe.port())) {
            String first = toProbe.readLine(Duration.ofSeconds(10)); // a cold JVM is slow at first
            if (first == null) {
                probe.process().waitFor(Waits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                probe.failIfTodo();
            }
            assertThat(first).as("the line sent by send(\"%s\") on a machine whose default charset"
                    + " is US-ASCII%s", UTF8_TEXT, probe.output()).isEqualTo(UTF8_TEXT);
            toProbe.send(UTF8_TEXT);
            assertThat(toProbe.readLine(Duration.ofSeconds(10))).as("what readLine() read there, sent back%s", probe.output())
                    .isEqualTo("read: " + UTF8_TEXT);
        }
    }
}

package chatlab.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The silence rule: a silent server is cheap to grade, an answering one gets its fair wait. */
class SilenceTest {

    private final List<Socket> accepted = new ArrayList<>();
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        Silence.reset();
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        Silence.reset();
        for (Socket socket : accepted) {
            socket.close();
        }
        server.close();
    }

    /** Accepts the connection just opened, to answer on it (or not). */
    private OutputStream acceptOne() throws IOException {
        Socket socket = server.accept();
        accepted.add(socket);
        return socket.getOutputStream();
    }

    @Test
    void aServerThatNeverSentAByteFailsLaterWaitsAlmostAtOnce() throws IOException {
        try (LineConnection first = LineConnection.open(server.getLocalPort())) {
            acceptOne();
            long start = System.nanoTime();
            assertThatThrownBy(first::readLine).hasMessageStartingWith("waited 3000 ms");
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(2900);
        }
        assertThat(Silence.replyWait()).isEqualTo(Silence.NEVER_ANSWERED);
        try (LineConnection second = LineConnection.open(server.getLocalPort())) {
            acceptOne();
            long start = System.nanoTime();
            assertThatThrownBy(second::readLine).hasMessageContaining("not 3 s")
                    .hasMessageContaining("has not sent a single byte");
            assertThat(millisSince(start)).isLessThan(1000);
        }
    }

    @Test
    void aServerThatAnsweredOnceKeepsASecondPerWait() throws IOException {
        try (LineConnection client = LineConnection.open(server.getLocalPort())) {
            OutputStream out = acceptOne();
            out.write("hello\n".getBytes(StandardCharsets.UTF_8));
            assertThat(client.readLine()).isEqualTo("hello");
            assertThatThrownBy(client::readLine).hasMessageStartingWith("waited 3000 ms");
            assertThat(Silence.replyWait()).isEqualTo(Silence.AFTER_SILENCE);
            long start = System.nanoTime();
            assertThatThrownBy(client::readLine).hasMessageContaining("not 3 s")
                    .hasMessageNotContaining("single byte");
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(900);
        }
    }

    @Test
    void aReplyThatComesAfterASilenceStillPasses() throws IOException {
        try (LineConnection client = LineConnection.open(server.getLocalPort())) {
            OutputStream out = acceptOne();
            assertThatThrownBy(client::readLine).hasMessageStartingWith("waited 3000 ms");
            out.write("late but there\n".getBytes(StandardCharsets.UTF_8));
            assertThat(client.readLine()).isEqualTo("late but there");
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

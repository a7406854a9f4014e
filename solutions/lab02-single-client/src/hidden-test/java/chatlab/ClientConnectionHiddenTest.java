package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import chatlab.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Teacher-only tests of Step 1: the line limit counts bytes, and holds before a line ends. */
@Step(1)
class ClientConnectionHiddenTest {

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
    @Points(1)
    @DisplayName("the 4096 limit counts bytes of UTF-8: 4096 'x' pass, 2100 'ō' (4200 bytes) do not")
    void limitCountsBytes() throws IOException {
        ClientConnection connection = new ClientConnection(serverSide);
        peer.send("x".repeat(4096));
        assertThat(connection.readLine()).as("a line of exactly 4096 bytes").hasSize(4096);
        peer.send("ō".repeat(2100));
        try {
            String line = connection.readLine();
            throw new AssertionError("a line of 2100 'ō' (4200 bytes of UTF-8) was read as a line of " + line.length()
                    + " characters: the limit is 4096 bytes, not characters (use the given LineReader)");
        } catch (LineReader.LineTooLongException expected) {
            // the limit holds
        }
    }

    @Test
    @Points(1)
    @DisplayName("a client streaming bytes without a line end is stopped at 4096 bytes, not when the line ends")
    void limitHoldsBeforeTheLineEnds() throws IOException {
        ClientConnection connection = new ClientConnection(serverSide);
        AtomicReference<String> read = new AtomicReference<>();
        Background reading = Background.start("readLine", () -> read.set(connection.readLine()));
        peer.sendRaw("z".repeat(20_000).getBytes(StandardCharsets.UTF_8)); // and no '\n', ever
        assertThat(reading.endsWithin(Waits.WAIT))
                .as("readLine() should give up once a line passes 4096 bytes, but after 20,000 bytes without a '\\n'"
                        + " it still waits for the line to end: a reader that collects a whole line first lets a"
                        + " client fill the server's memory (use the given LineReader)")
                .isTrue();
        assertThat(reading.failure()).as("what readLine() threw").isInstanceOf(LineReader.LineTooLongException.class);
    }
}

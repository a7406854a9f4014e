package chatlab.robustness;

import chatlab.FloodLimit;
import chatlab.ServerLimits;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

import static chatlab.robustness.RunningServer.WAIT;
import static chatlab.robustness.RunningServer.next;
import static chatlab.robustness.RunningServer.skipTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away at every stage of a session, in both ways a connection can end badly:
 * a reset (RST: the program crashed, or closed with unread data), and a half-close (FIN one way:
 * the client shut its output but still listens). The server must forget it exactly once, tell the
 * others only if it was in the chat, and keep serving everyone else.
 */
class ResetsTest {

    /** How the client leaves. */
    enum Ending {
        RESET, HALF_CLOSE
    }

    /** Where in its session the client is when it leaves. */
    enum Stage {
        JUST_CONNECTED(false, socket -> { }),
        HALF_A_NAME(false, socket -> write(socket, "dave")), // no '\n' yet
        AFTER_A_REFUSED_NAME(false, socket -> write(socket, "not a name\n")),
        WELCOMED(true, socket -> write(socket, "dave\n")),
        HALF_A_MESSAGE(true, socket -> write(socket, "dave\nhello, I am in the midd")),
        // 900 lines at once (13 KB, well within a send queue's budget: the witness reads only
        // afterwards). The server runs without a flood limit here, which would slow dave down to 10
        // lines a second: this is about a busy chat, SlowReadersTest is about floods.
        WHILE_THE_CHAT_IS_BUSY(true, socket -> write(socket, "dave\n" + "spam\n".repeat(900)));

        final boolean welcomed;
        final Consumer<Socket> before;

        Stage(boolean welcomed, Consumer<Socket> before) {
            this.welcomed = welcomed;
            this.before = before;
        }
    }

    @TempDir
    Path folder;
    private RunningServer chat;

    @BeforeEach
    void start() throws IOException {
        chat = new RunningServer(folder.resolve("chat_log.txt"), ServerLimits.DEFAULT.withFlood(FloodLimit.NONE));
    }

    @AfterEach
    void stop() throws IOException {
        chat.close();
    }

    @ParameterizedTest(name = "reset at stage {0}")
    @EnumSource(Stage.class)
    void reset(Stage stage) throws Exception {
        leaveAt(stage, Ending.RESET);
    }

    @ParameterizedTest(name = "half-close at stage {0}")
    @EnumSource(Stage.class)
    void halfClose(Stage stage) throws Exception {
        leaveAt(stage, Ending.HALF_CLOSE);
    }

    private void leaveAt(Stage stage, Ending ending) throws Exception {
        LineConnection witness = chat.join("witness");
        // The end of the stream also ends a line: a name without its '\n', then a half-close, is a name.
        boolean welcomed = stage.welcomed || (stage == Stage.HALF_A_NAME && ending == Ending.HALF_CLOSE);
        Socket dave = new Socket(InetAddress.getLoopbackAddress(), chat.port());
        stage.before.accept(dave);
        if (stage.welcomed) {
            skipTo(witness, "JOINED dave");
        }
        if (ending == Ending.RESET) {
            dave.setSoLinger(true, 0);
            dave.close();
        } else {
            dave.shutdownOutput(); // the server reads the end of the stream; dave could still read
        }

        if (welcomed) {
            if (!stage.welcomed) {
                skipTo(witness, "JOINED dave");
            }
            // Skip dave's messages (his spam; the end of the stream also ends his half message) up to
            // his LEFT: "lost" (or "dropped", should the server ever judge him a slow reader first).
            String line = next(witness);
            while (line != null && line.startsWith("MSG dave ")) {
                line = next(witness);
            }
            assertThat(line).isIn("LEFT dave lost", "LEFT dave dropped");
        }
        Awaitility.await().atMost(WAIT).until(() -> !chat.server.online().contains("dave"));
        witness.send("after dave");
        assertThat(next(witness)).as("the next line after dave left, at stage %s", stage)
                .isEqualTo("MSG witness after dave");
        if (ending == Ending.HALF_CLOSE) {
            dave.setSoTimeout((int) WAIT.toMillis());
            byte[] rest = dave.getInputStream().readAllBytes(); // ends: the server closed its side too
            assertThat(new String(rest, StandardCharsets.UTF_8)).doesNotContain("MSG witness after dave");
            dave.close();
        }
        chat.stillChats(ending.name().charAt(0) + String.valueOf(stage.ordinal()));
    }

    private static void write(Socket socket, String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

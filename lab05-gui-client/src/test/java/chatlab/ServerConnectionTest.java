package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection to the server (handout steps 1 to 4), without Swing: a fake server sees every
 * byte the client sends and plays the server's part.
 */
@Order(1) // the score table lists the test classes in the handout's order
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerConnectionTest extends ConnectionTestBase {

    @Test
    @Order(1)
    @Step(1)
    @Points(2)
    @DisplayName("connect sends the name as one UTF-8 line ended by '\\n', and joins on WELCOME")
    void sendsTheName() {
        join("Ōtani_é"); // checks the exact bytes: UTF-8, "\n" and no "\r"
        assertThat(connection().address()).as("the connection's address").isEqualTo("127.0.0.1:" + fake.port());
    }

    @Test
    @Order(2)
    @Step(2)
    @Points(2)
    @DisplayName("send writes each message as one line, in order, in UTF-8, exactly as typed")
    void sendsMessages() {
        FakeServer.Peer server = join("alice");
        List<String> messages = List.of("hello", "ō é 🙂 — ünïcode", "  spaces  kept  ", "{quit}?");
        returnsAtOnce("send()", () -> messages.forEach(connection()::send));
        for (String message : messages) {
            assertThat(server.readLine("the message \"" + message + "\"")).as("what the server received for send(\"%s\")",
                    message).isEqualTo(message);
        }
    }

    @Test
    @Order(3)
    @Step(2)
    @Points(1)
    @DisplayName("send returns at once, even when the server does not read")
    void sendDoesNotWaitForTheNetwork() {
        join("alice"); // this server never reads another byte
        String line = "x".repeat(4000);
        returnsAtOnce("8000 calls of send() (32 MB) to a server that does not read", () -> {
            for (int i = 0; i < 8000; i++) {
                connection().send(line);
            }
        });
    }

    @Test
    @Order(4)
    @Step(3)
    @Points(3)
    @DisplayName("startReading returns at once; its own thread hands every line to the listener, in order, then the end")
    void readsLinesOnItsOwnThread() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        Thread caller = Thread.currentThread();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        List<String> sent = List.of("MSG bob hi", "MSG bob ō é 🙂 perché", "JOINED carol", "MSG carol  two  spaces ");
        sent.forEach(server::send);
        listener.awaitLines(sent, "the server sent " + sent.size() + " lines");
        assertThat(listener.threads).as("the threads that called the listener").doesNotContain(caller);
        server.close();
        listener.awaitEnd("the server closed the connection");
        listener.staysEnded(1, "the end of a connection is reported once");
        assertThat(listener.lines).as("the lines received, once the connection ended").isEqualTo(sent);
    }

    @Test
    @Order(5)
    @Step(3)
    @Points(1)
    @DisplayName("a connection that breaks (a reset) is reported to the listener as its end")
    void reportsABrokenConnection() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        server.send("MSG bob last words");
        listener.awaitLines(List.of("MSG bob last words"), "the server sent a line");
        server.reset(); // the client's next read fails with "connection reset": an IOException, not null
        listener.awaitEnd("the connection was reset (readLine() threw an IOException)");
        listener.staysEnded(1, "the end of a connection is reported once");
    }

    @Test
    @Order(6)
    @Step(4)
    @Points(2)
    @DisplayName("quit sends {quit}, then closes the connection; the listener is not told of an end it caused")
    void quitSendsQuitAndCloses() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        returnsAtOnce("quit()", () -> connection().quit());
        assertThat(server.readLine("{quit}")).as("what the client sent on quit()").isEqualTo("{quit}");
        assertThat(server.readLine("the end of the connection after {quit}"))
                .as("after {quit} the client should close the connection; instead it sent another line").isNull();
        listener.staysEnded(0, "the client ended the connection itself (quit), so it is no news to the listener");
    }
}

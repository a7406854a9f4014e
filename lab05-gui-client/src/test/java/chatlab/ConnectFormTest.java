package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import javax.swing.SwingUtilities;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The connect form (handout steps 6 to 8): checks before connecting, connecting off the EDT, failures explained. */
@Order(3) // the score table lists the test classes in the handout's order
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectFormTest extends FormTestBase {

    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort(); // free once closed: nobody listens there
        }
    }

    @Test
    @Order(1)
    @Step(6)
    @Points(2)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("a wrong port is refused before connecting, with the allowed range next to the field")
    void refusesAWrongPort() throws IOException {
        FakeServer fake = fakeServer();
        for (String port : List.of("", "abc", "0", "65536", "-1", "80.5", "99999999999", "1 2")) {
            fillInAndConnect("127.0.0.1", port, "alice");
            assertOnlyError("port", "the port \"" + port + "\"");
            assertThat(errorOf("port")).as("the port error for \"%s\" should say the allowed range, 1 to 65535", port)
                    .contains("65535");
        }
        assertThat(fake.connectionsSoFar()).as("connections made while a field was wrong").isZero();
    }

    @Test
    @Order(2)
    @Step(6)
    @Points(2)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("a name against PROTOCOL.md's rules is refused before connecting")
    void refusesABadNameBeforeConnecting() throws IOException {
        FakeServer fake = fakeServer();
        String port = String.valueOf(fake.port());
        for (String name : List.of("", "   ", "al ice", "bob!", "a".repeat(21), "tab\there", "{quit}", "a\u2028b")) {
            fillInAndConnect("127.0.0.1", port, name);
            assertOnlyError("name", "the name \"" + name + "\"");
        }
        assertThat(fake.connectionsSoFar()).as("connections made while the name was wrong").isZero();
    }

    @Test
    @Order(3)
    @Step(6)
    @Points(1)
    @DisplayName("a blank host is refused before connecting")
    void refusesABlankHost() throws IOException {
        FakeServer fake = fakeServer();
        for (String host : List.of("", "   ")) {
            fillInAndConnect(host, String.valueOf(fake.port()), "alice");
            assertOnlyError("host", "the host \"" + host + "\"");
        }
        fillInAndConnect(" ", "0", "al ice");
        assertThat(List.of(errorOf("host"), errorOf("port"), errorOf("name")))
                .as("the three error labels when all three fields are wrong: each should say what is wrong")
                .allMatch(error -> !error.isBlank());
        assertThat(fake.connectionsSoFar()).as("connections made while a field was wrong").isZero();
    }

    @Test
    @Order(4)
    @Step(7)
    @Points(2)
    @DisplayName("a right form connects with what was typed, trimmed, and blanks the error labels")
    void connectsWithTheTrimmedFields() throws IOException {
        FakeServer fake = fakeServer();
        fillInAndConnect(" 127.0.0.1 ", " 0 ", " al ice ");
        fillInAndConnect(" 127.0.0.1 ", " " + fake.port() + " ", " Jürgen_Ō.x-y ");
        FakeServer.Peer peer = fake.nextClient("the connection with a right host, port and name");
        String nameLine = peer.readLine("the name line");
        peer.send("WELCOME Jürgen_Ō.x-y"); // first: the client waits for the answer only so long
        assertThat(nameLine).as("the client's first line: the name, trimmed, in UTF-8").isEqualTo("Jürgen_Ō.x-y");
        ServerConnection connection = awaitConnected("the server's WELCOME");
        assertThat(connection.name()).as("the name of the connection handed over").isEqualTo("Jürgen_Ō.x-y");
        assertThat(List.of(errorOf("host"), errorOf("port"), errorOf("name")))
                .as("the error labels once every field is right").allMatch(String::isBlank);
        assertThat(handedOverOn).as("the threads the connection was handed over on (onConnected changes the"
                + " screen: it must run on the EDT, e.g. in SwingWorker.done())").containsExactly("EDT");
    }

    @Test
    @Order(5)
    @Step(7)
    @Points(3)
    @DisplayName("connecting never freezes the window, even when the server does not answer")
    void connectingDoesNotBlockTheEdt() throws IOException {
        FakeServer silent = fakeServer(); // accepts, reads the name, never answers
        Edt.run("filling in the form", () -> {
            form.hostField().setText("127.0.0.1");
            form.portField().setText(String.valueOf(silent.port()));
            form.nameField().setText("alice");
        });
        SwingUtilities.invokeLater(() -> form.connectButton().doClick()); // no waiting: it may block
        silent.nextClient("the client to connect after Connect was clicked");
        assertThat(Edt.respondsWithin(Duration.ofSeconds(2)))
                .as("after Connect, with a server that has not answered yet, the event dispatch thread should be free"
                        + " within 2 s; it stayed busy, so the window is frozen: the connection and the wait for the"
                        + " answer must run on a background thread (a SwingWorker), not on the EDT")
                .isTrue();
    }

    @Test
    @Order(6)
    @Step(7)
    @Points(1)
    @DisplayName("while connecting, the form says so and the Connect button is disabled")
    void showsThatItIsConnecting() throws IOException {
        FakeServer silent = fakeServer();
        fillInAndConnect("127.0.0.1", String.valueOf(silent.port()), "alice");
        FakeServer.Peer peer = silent.nextClient("the client to connect after Connect was clicked");
        peer.readLine("the name line");
        assertThat(connectEnabled()).as("the Connect button while the server has not answered yet (a second click"
                + " would open a second connection)").isFalse();
        assertThat(status()).as("the status while connecting").isNotBlank();
        peer.send("WELCOME alice");
        awaitConnected("the server's WELCOME");
        Waits.until(this::connectEnabled, () -> "once connected, the Connect button should be enabled again (it is"
                + " needed after the session)");
    }

    @Test
    @Order(7)
    @Step(8)
    @Points(2)
    @DisplayName("connecting to a port where nobody listens explains it, and the form stays usable")
    void explainsARefusedConnection() throws IOException {
        int port = closedPort();
        String connecting = Edt.call("filling in the form, clicking Connect and reading the status", () -> {
            form.hostField().setText("127.0.0.1");
            form.portField().setText(String.valueOf(port));
            form.nameField().setText("alice");
            form.connectButton().doClick();
            return form.status().getText(); // what the form says while connecting (step 7)
        });
        Waits.until(() -> connectEnabled() && status().contains(String.valueOf(port)) && !status().equals(connecting),
                () -> "after Connect to port " + port + ", where nobody listens, the status should explain it and"
                        + " name where it tried (the port " + port + "), with the Connect button enabled again."
                        + " The form shows: \"" + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(status()).as("the status after a refused connection: words for the user, not an exception")
                .doesNotContain("Exception");
        assertThat(connected).as("the connections handed over after a refused connection").isEmpty();
    }

    @Test
    @Order(8)
    @Step(8)
    @Points(1)
    @DisplayName("a name someone in the chat already has is shown as a name error")
    void showsATakenName() {
        person("bob");
        fillInAndConnect("127.0.0.1", String.valueOf(server.port()), "Bob");
        Waits.until(() -> !errorOf("name").isBlank(),
                () -> "the server answered REFUSED NAME_TAKEN to Bob (bob is online); the name error label should"
                        + " say so, but the form shows: \"" + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(connectEnabled()).as("the Connect button, after the name was refused").isTrue();
        assertThat(connected).as("the connections handed over after a refused name").isEmpty();
        assertThat(status()).as("the status under the form, once the name error label says what is wrong: blank (it"
                + " still said \"Connecting to ...\"; handout step 8)").isBlank();
    }

    @Test
    @Order(9)
    @Step(8)
    @Points(1)
    @DisplayName("a host name that cannot be found is shown as a host error")
    void showsAnUnknownHost() {
        fillInAndConnect("[no-such-host", "12345", "alice"); // an UnknownHostException, without asking DNS
        Waits.until(() -> !errorOf("host").isBlank() && connectEnabled(),
                () -> "the host \"[no-such-host\" cannot be found (UnknownHostException); the host error label should"
                        + " say so, with the Connect button enabled again, but the form shows: \""
                        + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(errorOf("host")).as("the host error: words for the user, not an exception").doesNotContain("Exception");
        assertThat(status()).as("the status under the form, once the host error label says what is wrong: blank (it"
                + " still said \"Connecting to ...\"; handout step 8)").isBlank();
    }
}

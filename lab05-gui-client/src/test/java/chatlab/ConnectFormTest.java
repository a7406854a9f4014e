package chatlab;

import chatlab.grading.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The connect form (handout steps 6 to 8): checks before connecting, connecting off the EDT, failures explained. */
@Order(2) // the score table lists the test classes in the handout's order
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectFormTest extends ClientTestBase {

    private String errorOf(String field) {
        return Edt.call("reading the " + field + " error", () -> {
            ConnectForm form = client.connectForm();
            JLabel label = switch (field) {
                case "host" -> form.hostError();
                case "port" -> form.portError();
                default -> form.nameError();
            };
            return label.getText() == null ? "" : label.getText().strip();
        });
    }

    private void assertOnlyError(String field, String input) {
        for (String each : List.of("host", "port", "name")) {
            if (each.equals(field)) {
                assertThat(errorOf(each)).as("the %s error label after Connect with %s", each, input).isNotBlank();
            } else {
                assertThat(errorOf(each)).as("the %s error label after Connect with %s (only the %s is wrong)",
                        each, input, field).isBlank();
            }
        }
        assertThat(Edt.call("showsChat()", client::showsChat)).as("the chat view is on screen after Connect with %s", input)
                .isFalse();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort(); // free once closed: nobody listens there
        }
    }

    @Test
    @Order(1)
    @Points(2)
    @DisplayName("a wrong port is refused before connecting, with the allowed range next to the field")
    void refusesAWrongPort() {
        for (String port : List.of("", "abc", "0", "65536", "-1", "80.5", "99999999999")) {
            fillInAndConnect("127.0.0.1", port, "alice");
            assertOnlyError("port", "the port \"" + port + "\"");
            assertThat(errorOf("port")).as("the port error for \"%s\" should say the allowed range, 1 to 65535", port)
                    .contains("65535");
        }
    }

    @Test
    @Order(2)
    @Points(2)
    @DisplayName("a name against PROTOCOL.md's rules is refused before connecting; a good one connects")
    void refusesABadNameBeforeConnecting() throws IOException {
        FakeServer fake = fakeServer();
        String port = String.valueOf(fake.port());
        for (String name : List.of("", "al ice", "bob!", "a".repeat(21), "tab\there", "{quit}")) {
            fillInAndConnect("127.0.0.1", port, name);
            assertOnlyError("name", "the name \"" + name + "\"");
        }
        fillInAndConnect("127.0.0.1", port, "Jürgen_2.x-y");
        FakeServer.Peer first = fake.nextClient("the connection with the valid name Jürgen_2.x-y");
        assertThat(first.readLine("the name line"))
                .as("the first line of the first connection: only the valid name may connect, and in UTF-8")
                .isEqualTo("Jürgen_2.x-y");
        assertThat(errorOf("name")).as("the name error once the name is valid").isBlank();
    }

    @Test
    @Order(3)
    @Points(1)
    @DisplayName("a blank host is refused before connecting")
    void refusesABlankHost() {
        fillInAndConnect("   ", String.valueOf(server.port()), "alice");
        assertOnlyError("host", "a blank host");
        fillInAndConnect("127.0.0.1", String.valueOf(server.port()), "alice");
        awaitChatShown("Connect with a right host, port and name");
        assertThat(errorOf("host")).as("the host error once the host is right").isBlank();
    }

    @Test
    @Order(4)
    @Points(2)
    @DisplayName("connecting to a port where nobody listens explains it, and the form stays usable")
    void explainsARefusedConnection() throws IOException {
        int port = closedPort();
        fillInAndConnect("127.0.0.1", String.valueOf(port), "alice");
        Waits.until(() -> Edt.call("reading the form", () -> client.connectForm().connectButton().isEnabled()
                        && client.connectForm().status().getText().contains(String.valueOf(port))),
                () -> "after Connect to port " + port + ", where nobody listens, the status should explain it and"
                        + " name where it tried (the port " + port + "), with the Connect button enabled again."
                        + " The form shows: \"" + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(Edt.call("showsChat()", client::showsChat)).as("the chat view is on screen after a refused connection")
                .isFalse();
    }

    @Test
    @Order(5)
    @Points(1)
    @DisplayName("a name someone in the chat already has is shown as a name error")
    void showsATakenName() {
        person("bob");
        fillInAndConnect("127.0.0.1", String.valueOf(server.port()), "Bob");
        Waits.until(() -> !errorOf("name").isBlank(),
                () -> "the server answered REFUSED NAME_TAKEN to Bob (bob is online); the name error label should"
                        + " say so, but the form shows: \"" + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(Edt.call("reading the form", () -> client.connectForm().connectButton().isEnabled()))
                .as("the Connect button, after the name was refused").isTrue();
        assertThat(Edt.call("showsChat()", client::showsChat)).as("the chat view is on screen after a refused name").isFalse();
    }

    @Test
    @Order(6)
    @Points(3)
    @DisplayName("connecting never freezes the window, even when the server does not answer")
    void connectingDoesNotBlockTheEdt() throws IOException {
        FakeServer silent = fakeServer(); // accepts, reads the name, never answers
        Edt.run("filling in the form", () -> {
            client.connectForm().hostField().setText("127.0.0.1");
            client.connectForm().portField().setText(String.valueOf(silent.port()));
            client.connectForm().nameField().setText("alice");
        });
        SwingUtilities.invokeLater(() -> client.connectForm().connectButton().doClick()); // no waiting: it may block
        silent.nextClient("the client to connect after Connect was clicked");
        assertThat(Edt.respondsWithin(Duration.ofSeconds(2)))
                .as("after Connect, with a server that has not answered yet, the event dispatch thread should be free"
                        + " within 2 s; it stayed busy, so the window is frozen: the connection and the wait for the"
                        + " answer must run on a background thread (a SwingWorker), not on the EDT")
                .isTrue();
    }

    @Test
    @Order(7)
    @Points(1)
    @DisplayName("while connecting, the form says so and the Connect button is disabled")
    void showsThatItIsConnecting() throws IOException {
        FakeServer silent = fakeServer();
        fillInAndConnect("127.0.0.1", String.valueOf(silent.port()), "alice");
        FakeServer.Peer peer = silent.nextClient("the client to connect after Connect was clicked");
        peer.readLine("the name line");
        assertThat(Edt.call("reading the form", () -> client.connectForm().connectButton().isEnabled()))
                .as("the Connect button while the server has not answered yet (a second click would open a second"
                        + " connection)").isFalse();
        assertThat(Edt.call("reading the form", () -> client.connectForm().status().getText()))
                .as("the status while connecting").isNotBlank();
        peer.send("WELCOME alice");
        awaitChatShown("the server's WELCOME");
        assertThat(Edt.call("reading the form", () -> client.connectForm().connectButton().isEnabled()))
                .as("the Connect button once connected (it is needed again after the session)").isTrue();
    }
}

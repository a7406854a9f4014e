package chatlab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of the connect form share: a form of its own, whose new connections the test
 * collects (so that the form's steps are graded without the chat view of later steps).
 */
abstract class FormTestBase extends ClientTestBase {

    ConnectForm form;
    /** What the form handed over, in order. */
    final List<ServerConnection> connected = new CopyOnWriteArrayList<>();
    /** The threads it handed them over on (it must be the EDT). */
    final List<String> handedOverOn = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createTheForm() {
        form = Edt.call("creating the connect form", () -> new ConnectForm(connection -> {
            handedOverOn.add(SwingUtilities.isEventDispatchThread() ? "EDT" : Thread.currentThread().getName());
            connected.add(connection);
        }));
    }

    @AfterEach
    void closeConnections() {
        connected.forEach(ServerConnection::close);
    }

    @Override
    ConnectForm form() {
        return form;
    }

    String errorOf(String field) {
        return Edt.call("reading the " + field + " error", () -> {
            JLabel label = switch (field) {
                case "host" -> form.hostError();
                case "port" -> form.portError();
                default -> form.nameError();
            };
            return label.getText() == null ? "" : label.getText().strip();
        });
    }

    String status() {
        return Edt.call("reading the status", () -> form.status().getText());
    }

    boolean connectEnabled() {
        return Edt.call("reading the Connect button", () -> form.connectButton().isEnabled());
    }

    /** Checks that only this field has an error, and that no connection was handed over. */
    void assertOnlyError(String field, String input) {
        for (String each : List.of("host", "port", "name")) {
            if (each.equals(field)) {
                assertThat(errorOf(each)).as("the %s error label after Connect with %s", each, input).isNotBlank();
            } else {
                assertThat(errorOf(each)).as("the %s error label after Connect with %s (only the %s is wrong)",
                        each, input, field).isBlank();
            }
        }
        assertThat(connected).as("the connections made after Connect with %s", input).isEmpty();
    }

    /** Waits for the form to hand over a connection. */
    ServerConnection awaitConnected(String after) {
        Waits.until(() -> !connected.isEmpty(), () -> "after " + after + ", the form should have handed the new"
                + " connection to onConnected, but it did not. The form says: \"" + Edt.call("reading the form",
                this::formMessages) + "\"");
        return connected.get(0);
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Hidden tests of the connect form (steps 6 to 8): edges of the fields, odd servers, threads. */
@Order(13)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectFormHiddenTest extends FormTestBase {

    @Test
    @Order(1)
    @Step(7)
    @Points(1)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("hidden: ports 1 and 65535 are allowed, also with spaces around them")
    void acceptsTheEdgesOfThePortRange() {
        for (String port : List.of("1", "65535", " 65535 ", "\t1\t")) {
            fillInAndConnect("127.0.0.1", port, "alice");
            assertThat(errorOf("port")).as("the port error after Connect with the port \"%s\" (1 to 65535 are allowed)",
                    port.replace("\t", "\\t")).isBlank();
            Waits.until(this::connectEnabled, () -> "the connection to port " + port.strip()
                    + " (where nobody listens) should have failed by now, and the Connect button be enabled again");
        }
    }

    @Test
    @Order(2)
    @Step(7)
    @Points(1)
    @DisplayName("hidden: the connection uses what the form held at the click, even if the user types on")
    void usesTheFieldsAsTheyWereAtTheClick() throws InterruptedException, IOException {
        FakeServer fake = fakeServer();
        // Swing runs SwingWorkers on a pool of 10 threads: with all 10 busy, the form's worker
        // waits in the queue until the user has typed on, so that code reading the fields in
        // doInBackground() reads the new text every time, not only when it happens to be late.
        CountDownLatch poolBusy = new CountDownLatch(10);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            new SwingWorker<Void, Void>() {
                @Override
                protected Void doInBackground() throws InterruptedException {
                    poolBusy.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return null;
                }
            }.execute();
        }
        poolBusy.await(5, TimeUnit.SECONDS); // with a larger pool the test stays right, only less sure
        try {
            Edt.run("filling in the form, clicking Connect, then typing on at once", () -> {
                form.hostField().setText("127.0.0.1");
                form.portField().setText(String.valueOf(fake.port()));
                form.nameField().setText("alice");
                form.connectButton().doClick();
                form.hostField().setText("[changed");
                form.portField().setText("1");
                form.nameField().setText("mallory");
            });
        } finally {
            release.countDown();
        }
        FakeServer.Peer peer;
        try {
            peer = fake.nextClient("the connection made when Connect was clicked");
        } catch (AssertionError never) {
            throw new AssertionError("the client never connected to the host and port the form held when Connect was"
                    + " clicked: right after the click the user typed another host, port and name, and the client"
                    + " seems to have used those. Read the fields on the EDT, before the background work starts"
                    + " (the form shows: \"" + Edt.call("reading the form", this::formMessages) + "\")");
        }
        String nameLine = peer.readLine("the name line");
        peer.send("WELCOME alice"); // first: the client waits for the answer only so long
        assertThat(nameLine).as("the name sent: the one in the field when Connect was clicked (read the fields on"
                + " the EDT, before the background work starts: Swing components are for the EDT only)")
                .isEqualTo("alice");
        assertThat(awaitConnected("the server's WELCOME").name()).as("the name of the connection").isEqualTo("alice");
    }

    @Test
    @Order(3)
    @Step(8)
    @Points(1)
    @DisplayName("hidden: a name the server refuses as invalid is shown as a name error, in other words than a taken name")
    void showsANameTheServerFindsInvalid() throws IOException {
        FakeServer strict = fakeServer(); // a server with stricter rules than PROTOCOL.md's
        fillInAndConnect("127.0.0.1", String.valueOf(strict.port()), "alice");
        FakeServer.Peer peer = strict.nextClient("the connection");
        peer.readLine("the name line");
        peer.send("REFUSED NAME_INVALID this server takes names of 3 letters at most");
        Waits.until(() -> !errorOf("name").isBlank() && connectEnabled(),
                () -> "the server answered REFUSED NAME_INVALID: the name error label should say the server refuses"
                        + " the name, with Connect enabled again, but the form shows: \""
                        + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(connected).as("connections handed over after a refused name").isEmpty();
        String invalid = errorOf("name");
        fillInAndConnect("127.0.0.1", String.valueOf(strict.port()), "alice");
        FakeServer.Peer again = strict.nextClient("the second connection");
        again.readLine("the name line");
        again.send("REFUSED NAME_TAKEN someone in the chat is called alice");
        Waits.until(() -> !errorOf("name").isBlank() && connectEnabled(),
                () -> "the server answered REFUSED NAME_TAKEN: the name error label should say the name is taken, with"
                        + " Connect enabled again, but the form shows: \""
                        + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(errorOf("name")).as("the name error for REFUSED NAME_TAKEN (someone online has the name: choose"
                + " another) compared with the one for REFUSED NAME_INVALID (the server does not accept the name):"
                + " different cases, different words (handout step 8: look at the code)").isNotEqualTo(invalid);
    }

    @Test
    @Order(4)
    @Step(8)
    @Points(1)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("hidden: a server that is no chat server, or hangs up without answering, is explained")
    void explainsAStrangeServer() throws IOException {
        FakeServer other = fakeServer();
        fillInAndConnect("127.0.0.1", String.valueOf(other.port()), "alice");
        FakeServer.Peer peer = other.nextClient("the connection");
        peer.readLine("the name line");
        peer.send("HELLO I am a web server");
        Waits.until(() -> status().contains("HELLO I am a web server") && connectEnabled(),
                () -> "the server answered \"HELLO I am a web server\" (ServerConnection.connect throws an IOException"
                        + " whose message quotes it): the status should give that message, with Connect enabled"
                        + " again, but the form shows: \"" + Edt.call("reading the form", this::formMessages) + "\"");
        fillInAndConnect("127.0.0.1", String.valueOf(other.port()), "alice");
        other.nextClient("the second connection").close(); // hangs up without a word
        Waits.until(() -> !status().isBlank() && !status().contains("HELLO") && connectEnabled(),
                () -> "the server hung up without answering: the status should say why the connection failed, with"
                        + " Connect enabled again, but the form shows: \""
                        + Edt.call("reading the form", this::formMessages) + "\"");
        assertThat(connected).as("connections handed over").isEmpty();
    }

    @Test
    @Order(5)
    @Step(8)
    @Points(2)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("hidden: the form is changed on the event dispatch thread only, also when connecting fails")
    void changesTheFormOnTheEdtOnly() throws IOException {
        List<String> offEdt = new CopyOnWriteArrayList<>();
        Edt.run("watching the form", () -> {
            for (JComponent each : List.of(form.hostError(), form.portError(), form.nameError(), form.connectButton())) {
                each.addPropertyChangeListener(change -> {
                    if (!SwingUtilities.isEventDispatchThread()) {
                        offEdt.add("'" + change.getPropertyName() + "' of " + each.getClass().getSimpleName()
                                + " on thread '" + Thread.currentThread().getName() + "'");
                    }
                });
            }
            form.status().getDocument().addDocumentListener(new DocumentListener() {
                @Override
                public void insertUpdate(DocumentEvent event) {
                    record();
                }

                @Override
                public void removeUpdate(DocumentEvent event) {
                    record();
                }

                @Override
                public void changedUpdate(DocumentEvent event) {
                    record();
                }

                private void record() {
                    if (!SwingUtilities.isEventDispatchThread()) {
                        offEdt.add("the status on thread '" + Thread.currentThread().getName() + "'");
                    }
                }
            });
        });
        int closed = ConnectFormTest.closedPort();
        fillInAndConnect("127.0.0.1", String.valueOf(closed), "alice");
        Waits.until(() -> status().contains(String.valueOf(closed)) && connectEnabled(),
                () -> "the refused connection should be explained in the status");
        person("bob");
        fillInAndConnect("127.0.0.1", String.valueOf(server.port()), "bob");
        Waits.until(() -> !errorOf("name").isBlank() && connectEnabled(), () -> "the taken name should be shown");
        fillInAndConnect("127.0.0.1", String.valueOf(server.port()), "carol");
        awaitConnected("carol's WELCOME");
        assertThat(offEdt).as("changes to the form made on a thread other than the event dispatch thread (the"
                + " connection's result must go back to the EDT: SwingWorker.done(), or SwingUtilities.invokeLater)")
                .isEmpty();
        assertThat(handedOverOn).as("the threads the connection was handed over on").containsExactly("EDT");
    }
}

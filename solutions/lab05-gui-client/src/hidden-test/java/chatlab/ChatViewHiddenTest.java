package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.LineConnection;
import chatlab.testkit.OpenFiles;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import javax.swing.SwingUtilities;
import java.awt.EventQueue;
import java.awt.Toolkit;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Hidden tests of the chat view (steps 9 to 12): odd ends of a session, reconnecting, resources. */
@Order(14)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatViewHiddenTest extends ClientTestBase {

    @Test
    @Order(1)
    @Step(12)
    @Points(1)
    @DisplayName("hidden: a server that half-closes ends the session, and the client closes its socket")
    void aHalfClosingServerEndsTheSession() throws IOException {
        FakeServer fake = fakeServer();
        FakeServer.Peer alice = startSession(fake, "alice");
        alice.send("MSG bob goodbye");
        alice.halfClose(); // the server stops sending, but still reads
        awaitShown("goodbye", "after the server sent MSG bob goodbye");
        Waits.until(() -> !Edt.call("showsChat()", client::showsChat),
                () -> "after the server half-closed the connection (readLine() returns null), the connect form should"
                        + " be back");
        assertThat(alice.readLine("the end of the connection, once the client saw the server's end"))
                .as("after the session ended, the client should close its socket (ServerConnection.close()); it sent"
                        + " a line instead").isNull();
    }

    @Test
    @Order(2)
    @Step(12)
    @Points(1)
    @DisplayName("hidden: losing the server changes the view on the event dispatch thread only")
    void losingTheServerChangesTheViewOnTheEdt() throws IOException {
        List<String> offEdt = new CopyOnWriteArrayList<>();
        Edt.run("watching the chat view", () -> {
            client.chatView().input().addPropertyChangeListener("enabled", change -> record(offEdt, "the input"));
            client.chatView().transcript().getDocument().addDocumentListener(new DocumentListener() {
                @Override
                public void insertUpdate(DocumentEvent event) {
                    record(offEdt, "the transcript");
                }

                @Override
                public void removeUpdate(DocumentEvent event) {
                    record(offEdt, "the transcript");
                }

                @Override
                public void changedUpdate(DocumentEvent event) {
                    record(offEdt, "the transcript");
                }
            });
        });
        FakeServer fake = fakeServer();
        FakeServer.Peer alice = startSession(fake, "alice");
        alice.send("MSG bob the line before the end");
        awaitShown("the line before the end", "after the server sent a line");
        alice.reset();
        Waits.until(() -> !Edt.call("showsChat()", client::showsChat),
                () -> "after the connection broke, the connect form should be back");
        assertThat(offEdt).as("changes to the chat view made on a thread other than the event dispatch thread when the"
                + " connection ended (connectionEnded runs on the reader thread: hand ended() to the EDT with"
                + " SwingUtilities.invokeLater)").isEmpty();
    }

    @Test
    @Order(3)
    @Step(12) // the listener is step 11's, but the scenario needs Disconnect (step 12)
    @Points(1)
    @Timeout(30)
    @DisplayName("hidden: a line of the session the user has just left is not shown in the next session")
    void aLateLineIsNotShownInTheNextSession() throws Exception {
        FakeServer fake = fakeServer();
        FakeServer.Peer first = startSession(fake, "alice");
        Connected next = connectOnly(fake, "alice"); // the next session: connected now, on screen later
        // The user leaves and starts the next session in one go on the EDT, while a line of the first
        // session is on its way to the EDT: that line belongs to the first session, whenever it is handled.
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        SwingUtilities.invokeLater(() -> {
            busy.countDown();
            try {
                if (go.await(Waits.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS)) {
                    client.chatView().disconnectButton().doClick();
                    client.startChat(next.connection());
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        Waits.until(() -> busy.getCount() == 0, () -> "the event dispatch thread never ran the test's task");
        first.send("MSG bob a late line of the first session");
        EventQueue events = Toolkit.getDefaultToolkit().getSystemEventQueue();
        // The EDT is busy: the line waits in its queue once the reader has handed it over.
        Waits.until(() -> events.peekEvent() != null, () -> "the line the server sent was never handed over to the"
                + " event dispatch thread (SwingUtilities.invokeLater in the listener)");
        go.countDown();
        next.peer().send("MSG bob a line of the next session");
        awaitShown("a line of the next session", "after the server of the next session sent a line");
        assertThat(failed.get()).as("what Disconnect followed by the next session's start threw").isNull();
        assertThat(timesShown("a late line of the first session")).as("how many times a line of the first session,"
                + " handled by the EDT after the user had left it, is in the next session's transcript: never. The"
                + " listener must hand received() the connection it reads (newConnection), not the field"
                + " connection, which is the session on screen when the EDT gets to it").isZero();
    }

    /** A connection to the fake server, the test playing the handshake, not shown in the view yet. */
    private Connected connectOnly(FakeServer fake, String name) throws Exception {
        CompletableFuture<ServerConnection> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return ServerConnection.connect("127.0.0.1", fake.port(), name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        FakeServer.Peer peer = fake.nextClient("the second connection");
        assertThat(peer.readLine("the name")).as("the client's first line").isEqualTo(name);
        peer.send("WELCOME " + name);
        return new Connected(connecting.get(Waits.WAIT.toMillis(), TimeUnit.MILLISECONDS), peer);
    }

    private record Connected(ServerConnection connection, FakeServer.Peer peer) {
    }

    private static void record(List<String> offEdt, String what) {
        if (!SwingUtilities.isEventDispatchThread()) {
            offEdt.add(what + " on thread '" + Thread.currentThread().getName() + "'");
        }
    }

    @Test
    @Order(3)
    @Step(12)
    @Points(2)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("hidden: after Disconnect and Connect, every line is sent once and shown once")
    void aNewSessionHasNoLeftoversOfTheOldOne() {
        String port = String.valueOf(server.port());
        fillInAndConnect("127.0.0.1", port, "alice");
        awaitChatShown("Connect");
        Edt.run("clicking Disconnect", () -> client.chatView().disconnectButton().doClick());
        Waits.until(() -> !Edt.call("showsChat()", client::showsChat), () -> "after Disconnect, the form should be back");
        Edt.run("clicking Connect again", () -> client.connectForm().connectButton().doClick());
        awaitChatShown("Connect, after a Disconnect");
        LineConnection bob = person("bob");
        awaitShown(Texts.get("line.joined", "bob"), "after bob joined the second session");
        bob.send("shown once?");
        type("sent once?");
        pressEnter();
        assertThat(awaitLine(bob, "alice's message", line -> line.startsWith("MSG alice ")))
                .as("what bob received from alice").isEqualTo("MSG alice sent once?");
        type("the next one");
        Edt.run("clicking Send", () -> client.chatView().sendButton().doClick());
        assertThat(awaitLine(bob, "alice's next message", line -> line.startsWith("MSG alice ")))
                .as("what bob received next from alice: her next message, not her first one again (listeners added"
                        + " once more for each session send each message twice)").isEqualTo("MSG alice the next one");
        awaitShown("alice: the next one", "after alice's second message");
        assertThat(List.of(timesShown("bob: shown once?"), timesShown("alice: sent once?"), timesShown("alice: the next one")))
                .as("how many times bob's message, alice's first and alice's second are in alice's transcript, in her"
                        + " second session: once each").containsExactly(1, 1, 1);
    }

    @Test
    @Order(4)
    @Step(12)
    @Points(2)
    @Timeout(40) // seven sessions take a few seconds; on a loaded machine, more
    @DisplayName("hidden: sessions leave no thread and no open socket behind")
    void sessionsLeaveNothingBehind() throws IOException {
        // A form and a view of the test's own, wired as ChatClientPanel wires them, that keep every
        // connection: a leaked thread or socket then stays until the check (the garbage collector
        // could otherwise shut down an unreachable connection's executor and hide the leak).
        List<ServerConnection> kept = new CopyOnWriteArrayList<>();
        ChatView view = Edt.call("creating a chat view", () -> new ChatView(why -> { }));
        ConnectForm form = Edt.call("creating a connect form", () -> new ConnectForm(connection -> {
            kept.add(connection);
            view.start(connection);
        }));
        FakeServer fake = fakeServer();
        oneSession(fake, form, view, true); // the pools Swing keeps start here
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long filesBefore = openFiles();
        for (int round = 1; round <= 6; round++) {
            oneSession(fake, form, view, round % 2 == 0);
        }
        try {
            Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> leftBehind(before).isEmpty() && openFiles() <= filesBefore + 2);
        } catch (ConditionTimeoutException e) {
            assertThat(leftBehind(before)).as("threads left after 6 more sessions (3 ended with Disconnect, 3 by the"
                    + " server): a thread per session that never ends. Does quit() let the writer end"
                    + " (writer.shutdown())? Does the end of a session close() the connection?").isEmpty();
            assertThat(openFiles()).as("open files and sockets of the JVM after 6 more sessions (it was %d before):"
                    + " a connection that is never closed keeps its socket", filesBefore)
                    .isLessThanOrEqualTo(filesBefore + 2);
        }
    }

    /** Connects with the form, then ends the session: with Disconnect, or by the server closing. */
    private static void oneSession(FakeServer fake, ConnectForm form, ChatView view, boolean disconnect) {
        Edt.run("filling in the form and clicking Connect", () -> {
            form.hostField().setText("127.0.0.1");
            form.portField().setText(String.valueOf(fake.port()));
            form.nameField().setText("alice");
            form.connectButton().doClick();
        });
        FakeServer.Peer peer = fake.nextClient("the connection after Connect");
        String nameLine = peer.readLine("the name");
        peer.send("WELCOME alice"); // first: the client waits for the answer only so long
        assertThat(nameLine).as("the name line").isEqualTo("alice");
        Waits.until(() -> Edt.call("reading the view", () -> view.disconnectButton().isEnabled()),
                () -> "after the server's WELCOME, the chat view should be in a session");
        if (disconnect) {
            Edt.run("clicking Disconnect", () -> view.disconnectButton().doClick());
            assertThat(peer.readLine("{quit}")).isEqualTo("{quit}");
            assertThat(peer.readLine("the end of the connection after {quit}")).isNull();
        } else {
            peer.send("SHUTDOWN");
        }
        peer.close();
        Waits.until(() -> !Edt.call("reading the view", () -> view.disconnectButton().isEnabled())
                        && Edt.call("reading the form", () -> form.connectButton().isEnabled()),
                () -> "after the session ended, the view should be out of the session and the form ready");
    }

    /**
     * Threads started since then and still alive, other than Swing's own pools and the JVM's: any
     * that runs the client's code, or more than 2 idle ones (a pool of the client's own may keep
     * a thread or two for later; a thread per session is a leak).
     */
    private static List<String> leftBehind(Set<Thread> before) {
        Map<Thread, StackTraceElement[]> now = Thread.getAllStackTraces();
        List<String> running = now.entrySet().stream()
                .filter(entry -> !before.contains(entry.getKey()) && entry.getKey().isAlive())
                .filter(entry -> runsClientCode(entry.getValue()))
                .map(entry -> "'" + entry.getKey().getName() + "' (running the client's code)")
                .collect(Collectors.toList());
        List<String> idle = now.entrySet().stream()
                .filter(entry -> !before.contains(entry.getKey()) && entry.getKey().isAlive())
                .filter(entry -> !runsClientCode(entry.getValue()) && !isPoolOfTheJvm(entry.getKey().getName()))
                .map(entry -> "'" + entry.getKey().getName() + "' (waiting)")
                .collect(Collectors.toList());
        if (idle.size() > 2) {
            running.addAll(idle);
        }
        return running;
    }

    /** A SwingWorker thread (Swing keeps up to 10), the EDT, the common pool: not the client's, when idle. */
    private static boolean isPoolOfTheJvm(String name) {
        return name.startsWith("SwingWorker-pool") || name.startsWith("AWT-") || name.startsWith("ForkJoinPool")
                || name.startsWith("awaitility") || name.equals("process reaper") || name.startsWith("Java2D")
                || name.equals("TimerQueue");
    }

    /** Whether a frame of the client's code (not the tests', not the kit's) is on the stack. */
    private static boolean runsClientCode(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (type.startsWith("chatlab.") && type.indexOf('.', "chatlab.".length()) < 0) {
                String topLevel = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
                if (!topLevel.endsWith("Test") && !topLevel.endsWith("TestBase") && !Set.of("chatlab.FakeServer",
                        "chatlab.Edt", "chatlab.Waits").contains(topLevel)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long openFiles() {
        return Math.max(0, OpenFiles.count()); // 0 where they cannot be counted (Windows)
    }

    @Test
    @Order(5)
    @Step(10)
    @Points(1)
    @DisplayName("hidden: a message is sent as typed, spaces around it included")
    void sendsTheTextAsTyped() throws IOException {
        FakeServer fake = fakeServer();
        FakeServer.Peer alice = startSession(fake, "alice");
        type("  two  spaces  ");
        pressEnter();
        assertThat(alice.readLine("alice's message")).as("the line the server received when alice typed \"  two  spaces  \""
                + " (PROTOCOL.md: a message is the line as typed; spaces are part of it, so send the text unchanged)")
                .isEqualTo("  two  spaces  ");
    }

    @Test
    @Order(6)
    @Step(12)
    @Points(1)
    @DisplayName("hidden: closing the window outside a session (leave() without a session) does nothing")
    void leavingWithoutASessionDoesNothing() throws IOException {
        assertThatCode(() -> Edt.run("leave() before any session", client::leave))
                .as("closing the window while the connect form is on screen calls leave() with no session: it should"
                        + " do nothing (leave() quits only if in a session: check the connection for null first)")
                .doesNotThrowAnyException();
        FakeServer fake = fakeServer();
        FakeServer.Peer alice = startSession(fake, "alice");
        alice.send("SHUTDOWN");
        alice.close();
        Waits.until(() -> !Edt.call("showsChat()", client::showsChat),
                () -> "after the server shut down, the connect form should be back");
        String why = Edt.call("reading the form", () -> form().status().getText());
        int notices = timesShown(Texts.get("chat.ended"));
        assertThatCode(() -> Edt.run("leave() after the server ended the session", client::leave))
                .as("closing the window after the server ended the session calls leave() with no session: it should"
                        + " do nothing").doesNotThrowAnyException();
        assertThat(List.of(Edt.call("reading the form", () -> form().status().getText()), timesShown(Texts.get("chat.ended"))))
                .as("the form's status and how many times the transcript says the session ended, after leave() with no"
                        + " session: unchanged (leave() without a session ends nothing)")
                .containsExactly(why, notices);
    }
}

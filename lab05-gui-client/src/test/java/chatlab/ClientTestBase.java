package chatlab;

import chatlab.testkit.Background;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import javax.swing.JTextField;
import javax.swing.JTextPane;
import java.awt.KeyboardFocusManager;
import javax.swing.text.AttributeSet;
import javax.swing.text.Style;
import javax.swing.text.StyleConstants;
import javax.swing.text.StyledDocument;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the GUI tests share: the lab's chat server on a free port, people who chat with plain
 * sockets, and the client's panel, driven on the event dispatch thread as a user would drive it.
 */
abstract class ClientTestBase {

    ChatServer server;
    Background serving;
    ChatClientPanel client;
    private final List<LineConnection> people = new CopyOnWriteArrayList<>();
    private final List<ChatServer> moreServers = new CopyOnWriteArrayList<>();
    private final List<FakeServer> fakeServers = new CopyOnWriteArrayList<>();

    /** Swing's start-up, outside every test's time bound (see Edt.warmUp). */
    @BeforeAll
    @Timeout(60)
    static void warmUpSwing() throws Exception {
        Edt.warmUpTestLibraries();
        Edt.warmUp();
    }

    @BeforeEach
    void startServerAndClient() throws IOException {
        Edt.clearUncaught();
        server = new ChatServer(0);
        serving = Background.start("ChatServer.serve", server::serve);
        client = Edt.call("creating the client's panels", ChatClientPanel::new);
    }

    @AfterEach
    void stopEverything() {
        people.forEach(LineConnection::close);
        closeQuietly(server);
        moreServers.forEach(ClientTestBase::closeQuietly);
        fakeServers.forEach(FakeServer::close);
        // With every server gone, a client that blocked the EDT on the network gets it back.
        Edt.respondsWithin(Duration.ofSeconds(3));
        try {
            Edt.run("leave()", () -> client.leave());
        } catch (RuntimeException | AssertionError ignored) {
            // only the tests of leaving grade leave()
        }
    }

    private static void closeQuietly(ChatServer server) {
        try {
            server.close();
        } catch (IOException ignored) {
            // the server is given code; closing it is not what these tests grade
        }
    }

    /** Another chat server on a free port, stopped after the test. */
    ChatServer startAnotherServer() throws IOException {
        ChatServer another = new ChatServer(0);
        moreServers.add(another);
        Background.start("another ChatServer.serve", another::serve);
        return another;
    }

    FakeServer fakeServer() throws IOException {
        FakeServer fake = new FakeServer();
        fakeServers.add(fake);
        return fake;
    }

    // ---- people who chat with a plain socket, as with nc ----

    /** Someone who joins the chat with a socket, under this name. */
    LineConnection person(String name) {
        LineConnection person = LineConnection.open(server.port());
        people.add(person);
        person.send(name);
        assertThat(person.readLine()).as("the server's answer to %s", name).isEqualTo("WELCOME " + name);
        return person;
    }

    /** Reads the person's lines until one matches; fails if none comes within 3 s. */
    static String awaitLine(LineConnection person, String waitingFor, Predicate<String> wanted) {
        long deadline = System.nanoTime() + Waits.WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line;
            try {
                line = person.readLine(Duration.ofNanos(Math.max(1, left)));
            } catch (AssertionError silence) {
                throw new AssertionError("waited " + Waits.WAIT.toSeconds() + " s for " + waitingFor
                        + ", but it never came" + Edt.uncaughtSoFar());
            }
            if (line == null) {
                throw new AssertionError("waited for " + waitingFor + ", but the server closed the connection");
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    // ---- the client, driven on the EDT ----

    /** Joins the lab's server under this name (the handshake is given code) and starts the chat view. */
    void startSession(String name) throws IOException {
        ServerConnection connection = ServerConnection.connect("127.0.0.1", server.port(), name);
        Edt.run("ChatClientPanel.startChat (ChatView.start)", () -> client.startChat(connection));
    }

    /**
     * Joins a fake server under this name: the test plays the server's part of the handshake.
     *
     * @return the server's end of the client's connection
     */
    FakeServer.Peer startSession(FakeServer fake, String name) throws IOException {
        CompletableFuture<ServerConnection> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return ServerConnection.connect("127.0.0.1", fake.port(), name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        FakeServer.Peer peer = fake.nextClient("the client's connection");
        String nameLine = peer.readLine("the name");
        if (nameLine != null) {
            peer.send("WELCOME " + name); // first: the client waits for the answer only so long
            assertThat(nameLine).as("the client's first line").isEqualTo(name);
        } // else the client gave up: connecting.get() below says why
        ServerConnection connection;
        try {
            connection = connecting.get(Waits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause() instanceof UncheckedIOException io ? io.getCause() : failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime; // e.g. a TODO of the starter
            }
            throw new AssertionError("ServerConnection.connect failed: " + cause, cause);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("ServerConnection.connect did not return after WELCOME: " + e);
        }
        Edt.run("ChatClientPanel.startChat (ChatView.start)", () -> client.startChat(connection));
        return peer;
    }

    /** The connect form the test drives: the client's, unless a test class drives one of its own. */
    ConnectForm form() {
        return client.connectForm();
    }

    /** Fills in the connect form and clicks Connect. */
    void fillInAndConnect(String host, String port, String name) {
        Edt.run("filling in the form and clicking Connect", () -> {
            ConnectForm form = form();
            form.hostField().setText(host);
            form.portField().setText(port);
            form.nameField().setText(name);
            form.connectButton().doClick();
        });
    }

    void awaitChatShown(String after) {
        Waits.until(() -> Edt.call("showsChat()", client::showsChat),
                () -> "after " + after + ", the chat view should be on screen, but the connect form still is."
                        + " The form says: \"" + Edt.call("reading the form", () -> formMessages()) + "\"");
    }

    String formMessages() {
        ConnectForm form = form();
        return String.join(" | ", form.hostError().getText(), form.portError().getText(),
                form.nameError().getText(), form.status().getText()).trim();
    }

    void type(String text) {
        Edt.run("typing in the input field", () -> client.chatView().input().setText(text));
    }

    /**
     * Presses Enter in the input field. A JTextField turns Enter into its action event (what
     * postActionEvent() fires); a key listener gets the key events, as a keyboard sends them:
     * KEY_PRESSED and KEY_RELEASED with the key code VK_ENTER, and between them KEY_TYPED with
     * the character '\n' (whose key code is always VK_UNDEFINED). Without a screen the field
     * has no keyboard focus, so all of them are given to it directly.
     */
    void pressEnter() {
        Edt.run("pressing Enter in the input field", () -> {
            JTextField input = client.chatView().input();
            input.postActionEvent();
            KeyboardFocusManager keyboard = KeyboardFocusManager.getCurrentKeyboardFocusManager();
            long now = System.currentTimeMillis();
            keyboard.redispatchEvent(input, new KeyEvent(input, KeyEvent.KEY_PRESSED, now, 0, KeyEvent.VK_ENTER, '\n'));
            keyboard.redispatchEvent(input, new KeyEvent(input, KeyEvent.KEY_TYPED, now, 0, KeyEvent.VK_UNDEFINED, '\n'));
            keyboard.redispatchEvent(input, new KeyEvent(input, KeyEvent.KEY_RELEASED, now, 0, KeyEvent.VK_ENTER, '\n'));
        });
    }

    String inputText() {
        return Edt.call("reading the input field", () -> client.chatView().input().getText());
    }

    /** The whole conversation as shown. */
    String transcript() {
        return Edt.call("reading the transcript", () -> {
            StyledDocument document = client.chatView().transcript().getStyledDocument();
            return document.getText(0, document.getLength());
        });
    }

    void awaitShown(String text, String what) {
        Waits.until(() -> transcript().contains(text),
                () -> what + ": the transcript should show \"" + text + "\", but it shows \""
                        + transcript().strip().replace("\n", " / ") + "\"");
    }

    /** How many times the text is in the transcript. */
    int timesShown(String text) {
        String all = transcript();
        int count = 0;
        for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    /**
     * Which of the view's three styles the text (its last appearance) is shown in: "own",
     * "others", "notice", or a sentence saying it has none of them.
     */
    String styleOf(String text) {
        return Edt.call("reading the transcript's styles", () -> {
            JTextPane pane = client.chatView().transcript();
            StyledDocument document = pane.getStyledDocument();
            String all = document.getText(0, document.getLength());
            int start = all.lastIndexOf(text);
            if (start < 0) {
                return "(not shown at all)";
            }
            String first = styleAt(pane, start);
            String last = styleAt(pane, start + text.length() - 1);
            return first.equals(last) ? first : "partly " + first + ", partly " + last;
        });
    }

    private static String styleAt(JTextPane pane, int offset) {
        AttributeSet run = pane.getStyledDocument().getCharacterElement(offset).getAttributes();
        for (String name : List.of(ChatView.NOTICE_STYLE, ChatView.OWN_STYLE, ChatView.OTHERS_STYLE)) {
            Style style = pane.getStyle(name);
            if (style != null && looksLike(run, style)) {
                return name;
            }
        }
        return "none of the three styles";
    }

    /** Whether the run has every attribute the style sets (colour, bold...), whatever its name. */
    private static boolean looksLike(AttributeSet run, Style style) {
        Enumeration<?> names = style.getAttributeNames();
        while (names.hasMoreElements()) {
            Object attribute = names.nextElement();
            if (attribute != StyleConstants.NameAttribute && attribute != StyleConstants.ResolveAttribute
                    && !Objects.equals(style.getAttribute(attribute), run.getAttribute(attribute))) {
                return false;
            }
        }
        return true;
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import javax.swing.JTextPane;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat view (handout steps 9 to 12, on top of 1 to 5): sending, showing and styling what the
 * server sends, leaving, and losing the server. A real chat server, people on sockets.
 */
@Order(4) // the score table lists the test classes in the handout's order
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatViewTest extends ClientTestBase {

    @Test
    @Order(1)
    @Step(9)
    @Points(2)
    @DisplayName("a line is added at the end of the transcript, in its style, and the caret follows it")
    void showsALineAtTheEnd() throws IOException {
        Edt.run("putting an earlier session in the transcript, the caret at its start (as after a click in it)", () -> {
            JTextPane pane = client.chatView().transcript();
            pane.getStyledDocument().insertString(0, "an earlier session\n", null);
            pane.setCaretPosition(0);
        });
        FakeServer fake = fakeServer();
        startSession(fake, "alice"); // ChatView.start shows a notice: "Connected to ... as alice"
        String all = transcript();
        assertThat(all).as("the transcript after the session started: the earlier text first, then the new notice")
                .startsWith("an earlier session\n").endsWith("\n");
        String notice = all.substring("an earlier session\n".length(), all.length() - 1);
        assertThat(notice).as("the notice ChatView.start showed").contains("alice").doesNotContain("\n");
        assertThat(styleOf(notice)).as("the style of the notice \"%s\"", notice).isEqualTo(ChatView.NOTICE_STYLE);
        assertThat(Edt.call("reading the caret", () -> client.chatView().transcript().getCaretPosition()))
                .as("the caret after a line was added: at the end of the document (%d), so that the newest line is in"
                        + " view, even if it was elsewhere before", all.length())
                .isEqualTo(all.length());
    }

    @Test
    @Order(2)
    @Step(10)
    @Points(3)
    @DisplayName("Enter sends the typed message to the others, and empties the input")
    void enterSendsTheMessage() throws IOException {
        LineConnection bob = person("bob");
        startSession("alice");
        awaitLine(bob, "JOINED alice", line -> line.equals("JOINED alice"));
        type("ciao bob, è già l'una? 🙂");
        pressEnter();
        assertThat(awaitLine(bob, "alice's message", line -> line.startsWith("MSG alice ")))
                .as("what bob received after alice typed a message and pressed Enter")
                .isEqualTo("MSG alice ciao bob, è già l'una? 🙂");
        assertThat(inputText()).as("the input field after the message was sent").isEmpty();
        type("and a second one");
        Edt.run("clicking Send", () -> client.chatView().sendButton().doClick());
        assertThat(awaitLine(bob, "alice's second message", line -> line.startsWith("MSG alice ")))
                .as("what bob received next: the message that followed (Enter should send a message once)")
                .isEqualTo("MSG alice and a second one");
    }

    @Test
    @Order(3)
    @Step(10)
    @Points(2)
    @DisplayName("the Send button sends the typed message too, and empties the input")
    void sendButtonSendsTheMessage() throws IOException {
        LineConnection bob = person("bob");
        startSession("alice");
        type("sent with the button");
        Edt.run("clicking Send", () -> client.chatView().sendButton().doClick());
        assertThat(awaitLine(bob, "alice's message", line -> line.startsWith("MSG alice ")))
                .as("what bob received after alice clicked Send").isEqualTo("MSG alice sent with the button");
        assertThat(inputText()).as("the input field after Send").isEmpty();
    }

    @Test
    @Order(4)
    @Step(10)
    @Points(2)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("blank text and text over 4096 bytes of UTF-8 are not sent; the user is told about the long one")
    void keepsWhatTheServerWouldRefuse() throws IOException {
        FakeServer fake = fakeServer();
        FakeServer.Peer alice = startSession(fake, "alice");
        type("   ");
        pressEnter();
        String longest = "ō".repeat(Protocol.MAX_LINE_BYTES / 2); // 2048 characters, 4096 bytes: the most a line may have
        String tooLong = longest + "ō"; // 2049 characters, 4098 bytes
        String before = transcript();
        type(tooLong);
        pressEnter();
        Waits.until(() -> transcript().length() > before.length(), () -> "after alice tried to send 2049 × 'ō' (4098"
                + " bytes of UTF-8, over the protocol's 4096), the transcript should show a notice that says it is too"
                + " long; it shows nothing new. Count the bytes in UTF-8: getBytes(StandardCharsets.UTF_8)");
        String told = transcript().substring(before.length()).strip();
        assertThat(styleOf(told)).as("the style of what alice was told: \"%s\"", told).isEqualTo(ChatView.NOTICE_STYLE);
        String kept = Edt.call("reading the input field", () -> client.chatView().input().getText());
        assertThat(kept).as("the input field after the message over 4096 bytes was refused: the notice asks alice to"
                + " shorten it, so her text must stay there (clear the input only once a message was sent)")
                .isEqualTo(tooLong);
        type(longest);
        pressEnter();
        type("after the long ones");
        pressEnter();
        assertThat(alice.readLine("alice's messages")).as("the first line the server received: not the blank text,"
                + " not the text over 4096 bytes (%d bytes, the longest allowed, was sent next)",
                Protocol.MAX_LINE_BYTES).isEqualTo(longest);
        assertThat(alice.readLine("alice's next message")).as("the next line the server received")
                .isEqualTo("after the long ones");
    }

    @Test
    @Order(5)
    @Step(11)
    @Points(3)
    @DisplayName("other people's messages appear with their name, in the 'others' style")
    void showsOthersMessages() throws IOException {
        LineConnection bob = person("bob");
        startSession("alice");
        bob.send("hi alice, perché 🙂?");
        awaitShown("hi alice, perché 🙂?", "after bob sent a message (UTF-8 both ways)");
        String line = transcript().lines().filter(each -> each.contains("hi alice, perché")).findFirst().orElseThrow();
        assertThat(line).as("the line that shows bob's message should name bob").contains("bob");
        assertThat(styleOf("hi alice, perché 🙂?")).as("the style of bob's message in alice's transcript")
                .isEqualTo(ChatView.OTHERS_STYLE);
        bob.send("and another one");
        awaitShown("and another one", "after bob's second message");
        assertThat(Edt.call("reading the caret", () -> client.chatView().transcript().getCaretPosition()
                == client.chatView().transcript().getDocument().getLength()))
                .as("the caret should be at the end of the transcript, so that the newest line is in view")
                .isTrue();
    }

    @Test
    @Order(6)
    @Step(11)
    @Points(2)
    @DisplayName("the user's own messages appear once, in the 'own' style")
    void showsOwnMessagesOnce() throws IOException {
        LineConnection bob = person("bob");
        startSession("alice");
        type("my own words");
        pressEnter();
        awaitLine(bob, "alice's message", line -> line.equals("MSG alice my own words"));
        awaitShown("my own words", "after alice sent a message (the server sends it back to her too)");
        bob.send("after yours"); // once this is shown, alice's echo has long been handled
        awaitShown("after yours", "after bob's message");
        assertThat(timesShown("my own words")).as("how many times alice's message is in her transcript "
                + "(show it when the server sends it back, not also when sending)").isEqualTo(1);
        assertThat(styleOf("my own words")).as("the style of alice's own message").isEqualTo(ChatView.OWN_STYLE);
    }

    @Test
    @Order(7)
    @Step(11)
    @Points(2)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("join and leave notices are shown in words, in the 'notice' style")
    void showsNotices() throws IOException {
        startSession("alice");
        LineConnection bob = person("bob");
        String bobJoined = Texts.get("line.joined", "bob"); // the words in the user's language: "bob joined the chat"
        awaitShown(bobJoined, "after bob joined (JOINED bob)");
        assertThat(styleOf(bobJoined)).as("the style of the join notice").isEqualTo(ChatView.NOTICE_STYLE);
        bob.send("{quit}");
        String bobLeft = Texts.get("line.left", "bob");
        awaitShown(bobLeft, "after bob left with {quit} (LEFT bob quit)");
        assertThat(styleOf(bobLeft)).as("the style of the leave notice").isEqualTo(ChatView.NOTICE_STYLE);
        LineConnection carol = person("carol");
        awaitShown(Texts.get("line.joined", "carol"), "after carol joined");
        carol.reset();
        awaitShown(Texts.get("line.left.lost", "carol"), "after carol's connection broke (LEFT carol lost)");
        assertThat(transcript()).as("the transcript should show notices in words, not the protocol's keywords")
                .doesNotContain("JOINED").doesNotContain("LEFT");
    }

    @Test
    @Order(8)
    @Step(11)
    @Points(2)
    @DisplayName("a message that imitates a notice is shown as that user's message")
    void noticesCannotBeForged() throws IOException {
        LineConnection eve = person("eve");
        startSession("alice");
        eve.send("JOINED mallory");
        eve.send("SHUTDOWN");
        awaitShown("SHUTDOWN", "after eve sent the message \"SHUTDOWN\"");
        assertThat(transcript()).as("eve's message \"JOINED mallory\" must not become a notice")
                .doesNotContain(Texts.get("line.joined", "mallory"));
        assertThat(styleOf("JOINED mallory")).as("the style of eve's message \"JOINED mallory\"").isEqualTo(ChatView.OTHERS_STYLE);
        assertThat(styleOf("SHUTDOWN")).as("the style of eve's message \"SHUTDOWN\"").isEqualTo(ChatView.OTHERS_STYLE);
        assertThat(Edt.call("showsChat()", client::showsChat))
                .as("the chat view, after eve's message \"SHUTDOWN\" (a message, not the server shutting down)").isTrue();
    }

    @Test
    @Order(9)
    @Step(12)
    @Points(3)
    @DisplayName("Disconnect sends {quit} and closes: the others see LEFT alice quit, the form comes back")
    void disconnectSendsQuit() throws IOException {
        LineConnection bob = person("bob");
        startSession("alice");
        awaitLine(bob, "JOINED alice", line -> line.equals("JOINED alice"));
        Edt.run("clicking Disconnect", () -> client.chatView().disconnectButton().doClick());
        assertThat(awaitLine(bob, "the notice that alice left", line -> line.startsWith("LEFT alice")))
                .as("what bob got when alice clicked Disconnect: 'quit' means the server got {quit}; 'lost' means"
                        + " the connection just closed").isEqualTo("LEFT alice quit");
        Waits.until(() -> !Edt.call("showsChat()", client::showsChat),
                () -> "after Disconnect, the connect form should be back on screen");
    }

    @Test
    @Order(10)
    @Step(12)
    @Points(1)
    @DisplayName("after {quit} the client closes its socket")
    void closesTheSocketAfterQuit() throws IOException {
        FakeServer fake = fakeServer(); // unlike the real server, it does not close the connection after {quit}
        FakeServer.Peer alice = startSession(fake, "alice");
        Edt.run("clicking Disconnect", () -> client.chatView().disconnectButton().doClick());
        assertThat(alice.readLine("{quit}")).as("what the client sent when Disconnect was clicked").isEqualTo("{quit}");
        assertThat(alice.readLine("the end of the connection"))
                .as("after {quit} the client should close its socket; instead it sent another line").isNull();
    }

    @Test
    @Order(11)
    @Step(12)
    @Points(3)
    @Timeout(30) // several rounds against a server: more than the usual 10 s on a loaded machine
    @DisplayName("a server shutdown is shown, and connecting again works without a restart")
    void reconnectsAfterAShutdown() throws IOException {
        fillInAndConnect("127.0.0.1", String.valueOf(server.port()), "alice");
        awaitChatShown("Connect");
        server.close(); // the server says SHUTDOWN to everyone and closes every connection
        awaitShown(Texts.get("line.shutdown"), "after the server sent SHUTDOWN");
        assertThat(styleOf(Texts.get("line.shutdown"))).as("the style of the shutdown notice").isEqualTo(ChatView.NOTICE_STYLE);
        Waits.until(() -> !Edt.call("showsChat()", client::showsChat)
                        && Edt.call("reading the form", () -> client.connectForm().connectButton().isEnabled()),
                () -> "after the server closed the connection, the connect form should be back, ready to connect again");
        assertThat(Edt.call("reading the form", () -> client.connectForm().status().getText()))
                .as("the form's status should say why the session ended").isNotBlank();

        ChatServer restarted = startAnotherServer();
        Edt.run("typing the new port and clicking Connect", () -> {
            client.connectForm().portField().setText(String.valueOf(restarted.port()));
            client.connectForm().connectButton().doClick();
        });
        awaitChatShown("Connect to the restarted server");
        LineConnection bob = LineConnection.open(restarted.port());
        bob.send("bob");
        assertThat(bob.readLine()).isEqualTo("WELCOME bob");
        type("back again");
        pressEnter();
        assertThat(awaitLine(bob, "alice's message after she reconnected", line -> line.startsWith("MSG alice ")))
                .as("what bob received from alice in her new session").isEqualTo("MSG alice back again");
        awaitShown("back again", "after alice's message in her new session");
        bob.close();
    }

    @Test
    @Order(12)
    @Step(12)
    @Points(2)
    @DisplayName("a connection that breaks (no SHUTDOWN, a reset) is noticed: the form comes back")
    void noticesABrokenConnection() throws IOException {
        FakeServer fake = fakeServer();
        FakeServer.Peer alice = startSession(fake, "alice");
        alice.send("MSG bob still here?");
        awaitShown("still here?", "after the server sent MSG bob still here?");
        alice.reset(); // the connection breaks: the client's next read fails with "connection reset"
        Waits.until(() -> !Edt.call("showsChat()", client::showsChat),
                () -> "after the connection broke (a reset, no SHUTDOWN), the connect form should be back: does the"
                        + " reader thread report the end when readLine() throws, not only when it returns null?");
        assertThat(Edt.call("reading the form", () -> client.connectForm().status().getText()))
                .as("the form's status should say why the session ended").isNotBlank();
    }
}

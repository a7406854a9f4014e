package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server's lines mean on screen (handout step 5), without Swing. */
@Order(2) // the score table lists the test classes in the handout's order
@Step(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerLineTest {

    @Test
    @Order(1)
    @Points(2)
    @DisplayName("MSG lines: own or others', the sender's name, the text exactly as sent")
    void readsMessages() {
        ServerLine others = ServerLine.parse("MSG bob hi  there, JOINED x ", "alice");
        assertThat(others).as("ServerLine.parse(\"MSG bob hi  there, JOINED x \", \"alice\")").isNotNull();
        assertThat(others.kind()).as("the kind of bob's message, read by alice").isEqualTo(ServerLine.Kind.OTHERS);
        assertThat(others.text()).as("the words shown for bob's message").isEqualTo("bob: hi  there, JOINED x ");
        ServerLine own = ServerLine.parse("MSG alice è vero 🙂", "alice");
        assertThat(own.kind()).as("the kind of alice's message, read by alice").isEqualTo(ServerLine.Kind.OWN);
        assertThat(own.text()).as("the words shown for alice's own message").isEqualTo("alice: è vero 🙂");
        // A name that starts with mine, or that mine starts with, is someone else's.
        assertThat(ServerLine.parse("MSG alicia hello", "alice").kind())
                .as("the kind of a message from alicia, read by alice").isEqualTo(ServerLine.Kind.OTHERS);
        assertThat(ServerLine.parse("MSG alice hello", "al").kind())
                .as("the kind of a message from alice, read by al").isEqualTo(ServerLine.Kind.OTHERS);
        assertThat(ServerLine.parse("MSG al hello", "alice").kind())
                .as("the kind of a message from al, read by alice").isEqualTo(ServerLine.Kind.OTHERS);
    }

    @Test
    @Order(2)
    @Points(2)
    @DisplayName("notices are made of words from the keyword and its data")
    void readsNotices() {
        // The words are the client's, in the user's language: "bob joined the chat" in English (Texts, messages.properties).
        assertNotice("JOINED bob", Texts.get("line.joined", "bob"));
        assertNotice("LEFT bob quit", Texts.get("line.left", "bob"));
        assertNotice("LEFT bob lost", Texts.get("line.left.lost", "bob"));
        assertNotice("LEFT bob dropped", Texts.get("line.left.dropped", "bob"));
        assertNotice("SHUTDOWN", Texts.get("line.shutdown"));
        assertNotice("ERROR LINE_TOO_LONG a line may have at most 4096 bytes", Texts.get("line.error.tooLong"));
        assertNotice("ERROR SLOW_READER you read too slowly", Texts.get("line.error", "you read too slowly"));
    }

    private static void assertNotice(String line, String words) {
        ServerLine notice = ServerLine.parse(line, "alice");
        assertThat(notice).as("ServerLine.parse(\"%s\", \"alice\")", line).isNotNull();
        assertThat(notice.kind()).as("the kind of \"%s\"", line).isEqualTo(ServerLine.Kind.NOTICE);
        assertThat(notice.text()).as("the words shown for \"%s\"", line).isEqualTo(words);
    }

    @Test
    @Order(3)
    @Points(1)
    @DisplayName("lines with a keyword the client does not know are ignored")
    void ignoresUnknownKeywords() {
        for (String line : new String[] {"HISTORY 3", "msg bob lower case is no keyword", "", "WHATEVER x y"}) {
            assertThat(ServerLine.parse(line, "alice")).as("ServerLine.parse(\"%s\", \"alice\")", line).isNull();
        }
    }
}

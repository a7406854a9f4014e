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

/** Hidden tests of what the server's lines mean (step 5). */
@Order(12)
@Step(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerLineHiddenTest {

    @Test
    @Order(1)
    @Points(1)
    @DisplayName("hidden: a keyword is a whole word: MSGS, JOINEDbob, SHUTDOWNS are no keywords")
    void keywordsAreWholeWords() {
        for (String line : List.of("MSGS bob hi", "MSGbob hi", "JOINEDbob", "JOINEDS bob", "LEFTOVER bob quit",
                "SHUTDOWNS", "SHUTDOWN_NOW", "ERRORS LINE_TOO_LONG x", " MSG bob hi")) {
            assertThat(ServerLine.parse(line, "alice")).as("ServerLine.parse(\"%s\", \"alice\"): the keyword is the whole"
                    + " first word, so this line has an unknown keyword and is ignored", line).isNull();
        }
    }

    @Test
    @Order(2)
    @Points(1)
    @DisplayName("hidden: a message's text is kept whole: U+2028, U+2029, tabs")
    void keepsTheWholeText() {
        assertMessage("MSG bob one\u2028two\u2029three", "alice", ServerLine.Kind.OTHERS, "bob: one\u2028two\u2029three");
        assertMessage("MSG alice \u2028", "alice", ServerLine.Kind.OWN, "alice: \u2028");
        assertMessage("MSG bob \tindented\t", "alice", ServerLine.Kind.OTHERS, "bob: \tindented\t");
    }

    private static void assertMessage(String line, String me, ServerLine.Kind kind, String text) {
        ServerLine shown = ServerLine.parse(line, me);
        String call = "ServerLine.parse(\"" + line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                .replace("\t", "\\t") + "\", \"" + me + "\")";
        assertThat(shown).as(call + ": a message (a regular expression's '.' does not match U+2028 without DOTALL)")
                .isNotNull();
        assertThat(shown.kind()).as("the kind of %s", call).isEqualTo(kind);
        assertThat(shown.text()).as("the words shown for %s", call).isEqualTo(text);
    }

    @Test
    @Order(3)
    @Points(1)
    @DisplayName("hidden: every ERROR code other than LINE_TOO_LONG shows the server's text")
    void showsEveryErrorCode() {
        for (String code : List.of("NAME_INVALID", "TOO_MANY_CLIENTS", "SLOW_READER", "LINE_TOO_LONG_NOT")) {
            ServerLine shown = ServerLine.parse("ERROR " + code + " the words of the server", "alice");
            assertThat(shown).as("ServerLine.parse(\"ERROR %s the words of the server\", \"alice\")", code).isNotNull();
            assertThat(shown.kind()).as("the kind of ERROR %s", code).isEqualTo(ServerLine.Kind.NOTICE);
            assertThat(shown.text()).as("the words shown for ERROR %s", code)
                    .isEqualTo(Texts.get("line.error", "the words of the server"));
        }
        ServerLine bare = ServerLine.parse("ERROR LINE_TOO_LONG", "alice");
        assertThat(bare).as("ServerLine.parse(\"ERROR LINE_TOO_LONG\", \"alice\"), without a text").isNotNull();
        assertThat(bare.text()).as("the words shown for ERROR LINE_TOO_LONG without a text")
                .isEqualTo(Texts.get("line.error.tooLong"));
    }
}

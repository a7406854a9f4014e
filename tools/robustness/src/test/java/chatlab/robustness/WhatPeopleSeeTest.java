package chatlab.robustness;

import chatlab.FloodLimit;
import chatlab.ServerLimits;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static chatlab.robustness.RunningServer.WAIT;
import static chatlab.robustness.RunningServer.next;
import static chatlab.robustness.RunningServer.skipTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "What people see cannot lie" (issue 14, findings 3, 4 and 9): a classmate who picks a name that
 * looks like someone else's, or types a message that shows as a line from the server or from
 * someone else, in {@code nc} or in the Swing client.
 */
class WhatPeopleSeeTest {

    /** PROTOCOL.md §4: more blanks than this in a row become one space. */
    private static final int MAX_BLANK_RUN = 3;
    /** PROTOCOL.md §4: more combining marks than this on one character are left out. */
    private static final int MAX_COMBINING_MARKS = 4;
    /** More blanks than that in a row would let a text push its end onto a terminal row of its own. */
    private static final Pattern LONG_BLANK_RUN = Pattern.compile("[\\s\\p{Z}\\u2800\\u3164\\u115F\\uFFA0\\u200B\\uFEFF]{"
            + (MAX_BLANK_RUN + 1) + ",}");

    @TempDir
    Path folder;
    private RunningServer chat;

    @BeforeEach
    void start() throws IOException {
        // Without the flood limit: these tests send hundreds of hostile lines at once on purpose.
        chat = new RunningServer(folder.resolve("chat_log.txt"), ServerLimits.DEFAULT.withFlood(FloodLimit.NONE));
    }

    @AfterEach
    void stop() throws IOException {
        chat.close();
    }

    @Test
    void aNameThatLooksLikeOneOnlineIsRefused() {
        chat.join("alice");
        chat.join("fiona");
        LineConnection mallory = chat.connect();
        Map<String, String> lookAlikes = Map.of(
                "\u0430lice", "Cyrillic a",
                "aIice", "capital I for l",
                "ALICE", "upper case",
                "\uff41\uff4c\uff49\uff43\uff45", "full width",
                "\ud835\udc1a\ud835\udc25\ud835\udc22\ud835\udc1c\ud835\udc1e", "mathematical bold",
                "\ufb01ona", "the ligature fi");
        lookAlikes.forEach((name, how) -> {
            mallory.send(name);
            assertThat(mallory.readLine(WAIT)).as("the answer to %s (%s) while alice and fiona are online", name, how)
                    .startsWith("REFUSED NAME_TAKEN ");
        });
        assertThat(chat.server.online()).containsExactlyInAnyOrder("alice", "fiona");
    }

    @Test
    void aNameMustShowAVisibleLetterAndNothingInvisible() {
        LineConnection mallory = chat.connect();
        for (String invisible : List.of("\u3164", "\u115F", "\uFFA0\uFFA0\uFFA0", "alice\u3164", "\u200Balice",
                "bob\uFEFF", "eve\u202Eevil", "\u2800", "___", "\u0301alice", "a" + "\u0301".repeat(9))) {
            mallory.send(invisible);
            assertThat(mallory.readLine(WAIT)).as("the answer to the name %s", codePoints(invisible))
                    .startsWith("REFUSED NAME_INVALID ");
        }
        assertThat(chat.server.online()).isEmpty();
    }

    @Test
    void namesOfEveryScriptJoinHoweverTheirAccentsWereTyped() {
        LineConnection jose = chat.connect();
        jose.send("Jose\u0301"); // 'e' + COMBINING ACUTE ACCENT
        assertThat(jose.readLine(WAIT)).isEqualTo("WELCOME Jos\u00e9"); // composed (NFC)
        LineConnection hindi = chat.connect();
        hindi.send("\u0928\u092e\u0938\u094d\u0924\u0947");
        assertThat(hindi.readLine(WAIT)).isEqualTo("WELCOME \u0928\u092e\u0938\u094d\u0924\u0947");
        LineConnection other = chat.connect();
        other.send("jos\u00e9");
        assertThat(other.readLine(WAIT)).as("José typed with a precomposed é while José is online").startsWith("REFUSED NAME_TAKEN ");
    }

    @Test
    void aMessageCannotStartARowThatLooksLikeAnotherLine() {
        LineConnection alice = chat.join("alice");
        LineConnection eve = chat.join("eve");
        skipTo(alice, "JOINED eve");
        eve.send("ok" + " ".repeat(70) + "LEFT alice quit"); // in an 80-column nc: "LEFT alice quit" on a row of its own
        assertThat(next(alice)).isEqualTo("MSG eve ok LEFT alice quit");
        eve.send("ok" + " ".repeat(400) + "alice: I agree");
        assertThat(next(alice)).isEqualTo("MSG eve ok alice: I agree");
        eve.send("ok" + "\t".repeat(10) + "\u3000".repeat(20) + "\u2800\u3164".repeat(20) + "JOINED mallory");
        assertThat(next(alice)).isEqualTo("MSG eve ok JOINED mallory");
        eve.send("see \u202Eevil\u2066"); // RIGHT-TO-LEFT OVERRIDE, LEFT-TO-RIGHT ISOLATE
        assertThat(next(alice)).isEqualTo("MSG eve see \uFFFDevil\uFFFD");
        eve.send("Z" + "\u0301\u0489".repeat(150)); // Zalgo: hundreds of combining marks on one letter
        assertThat(next(alice)).isEqualTo("MSG eve Z" + "\u0301\u0489".repeat(MAX_COMBINING_MARKS / 2));

        Random random = new Random(14);
        String hostile = " \t\u00a0\u2003\u3000\u2800\u3164\u200B\uFEFFxé\u0301\u202E";
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder("x");
            for (int i = 0; i < 300; i++) {
                text.append(hostile.charAt(random.nextInt(hostile.length())));
            }
            eve.send(text.toString());
            String shown = next(alice);
            assertThat(shown).as("round %d", round).startsWith("MSG eve x");
            assertThat(LONG_BLANK_RUN.matcher(shown).find()).as("a run of more than %d blanks in %s",
                    MAX_BLANK_RUN, codePoints(shown)).isFalse();
            assertThat(shown).doesNotContain("\u202E");
        }
    }

    @Test
    void aLineThatShowsNothingIsNotAMessage() {
        LineConnection alice = chat.join("alice");
        LineConnection eve = chat.join("eve");
        skipTo(alice, "JOINED eve");
        for (String invisible : List.of("\u200B", "\uFEFF", "\u3164", "\u200B\uFEFF\u3164\u115F\uFFA0", " \u2800 ")) {
            eve.send(invisible);
        }
        eve.send("visible");
        assertThat(next(alice)).as("the first line alice gets after five lines that show nothing and one that does")
                .isEqualTo("MSG eve visible");
    }

    private static List<String> codePoints(String text) {
        return text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList();
    }
}

package chatlab;

import chatlab.grading.CharsetRule;
import chatlab.grading.Guard;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The charset rule (grading/README.md): wherever the lab's code turns text into bytes or bytes
 * into text, it names UTF-8. Checked in the compiled classes, so that the verdict is the same in
 * the graded run, in an IDE and on any JDK; a break costs the penalty and names file and line.
 */
@Guard(penalty = 2)
class CharsetRuleTest {

    @Test
    @DisplayName("rule: text becomes bytes, and bytes text, with UTF-8 named in the code")
    void namesUtf8WhereverTextMeetsBytes() {
        CharsetRule.assertKeptBy(ChatServer.class);
    }
}

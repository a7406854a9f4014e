package chatlab;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.SpoofChecker;

import java.util.List;

/**
 * Names that people cannot tell apart. {@code alice} and {@code аlice} (its first letter
 * Cyrillic), {@code aIice} (a capital I), {@code ａｌｉｃｅ} (full width), {@code 𝐚𝐥𝐢𝐜𝐞} (mathematical
 * bold) are different strings but the same name to a reader: whoever gets one while the other is
 * online can speak for her.
 *
 * <p>Unicode's answer is the <em>skeleton</em> of a text (UTS #39, "Unicode Security Mechanisms"):
 * every character replaced by the one it is confused with, so two texts that look alike have the
 * same skeleton. ICU4J's {@link SpoofChecker} computes it from Unicode's own table. Names are also
 * the same ignoring case, so a name's keys are the skeleton of its case-folded form, and the
 * skeleton of its skeleton case-folded (a capital I looks like a small l, which folding alone
 * would miss).
 */
final class LookAlikes {

    /** Built once: building reads Unicode's confusables table. Used only under the server's lock. */
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();

    private LookAlikes() {
    }

    /**
     * Reads Unicode's tables now, if not done yet (it takes a moment, seconds on a busy machine):
     * a server calls it when it starts, so that its first newcomer is not kept waiting for it.
     */
    static void load() {
        keys("warm-up");
    }

    /**
     * What a name looks like, as keys: two names a reader could take for each other (ignoring case)
     * have a key in common. Computed once per name: comparing keys is cheap, computing them is not.
     */
    static List<String> keys(String name) {
        return List.of(skeletonIgnoringCase(name), skeletonIgnoringCase(CHECKER.getSkeleton(name)));
    }

    /** Whether two names, given by their {@link #keys}, look alike. */
    static boolean confusable(List<String> keys, List<String> otherKeys) {
        return otherKeys.stream().anyMatch(keys::contains);
    }

    private static String skeletonIgnoringCase(String text) {
        return CHECKER.getSkeleton(UCharacter.foldCase(text, true));
    }
}

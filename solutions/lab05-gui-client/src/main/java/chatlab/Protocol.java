package chatlab;

import java.text.Normalizer;

/**
 * The words and limits of the chat protocol, in one place (PROTOCOL.md at the root of the kit
 * describes it for people). Every line a server sends is built here, so that its format is
 * written once and every line starts with its keyword.
 */
public final class Protocol {

    /** The port the {@code main} methods use when none is given. */
    public static final int DEFAULT_PORT = 12345;
    /** The longest line, in bytes of UTF-8 without the line end, that a server accepts. */
    public static final int MAX_LINE_BYTES = 4096;
    /** The longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 20;
    /** How many lines may wait for a client that does not read before it is dropped (lab04 on). */
    public static final int MAX_QUEUED_LINES = 1000;

    /** The line that ends a session, in either direction. */
    public static final String QUIT = "{quit}";
    /** What the server sends to every client when it shuts down. */
    public static final String SHUTDOWN = "SHUTDOWN";

    /** Why a user left, the last word of a {@code LEFT} line. */
    public static final String LEFT_QUIT = "quit";
    public static final String LEFT_LOST = "lost";
    public static final String LEFT_DROPPED = "dropped";

    private Protocol() {
    }

    /**
     * The name a name line asks for, in Unicode's composed form (NFC). The same name can arrive as
     * different characters: {@code José} typed on one keyboard is 'e' + U+0301 (a combining accent),
     * on another 'é'. Composed, both are the same characters, so they are one name, shown the same.
     */
    public static String normalizeName(String line) {
        return Normalizer.normalize(line, Normalizer.Form.NFC);
    }

    /**
     * Whether a name follows the rules: in composed form ({@link #normalizeName}), 1 to 20
     * characters, each a letter, a digit, '_', '.' or '-', or a combining mark on one of them (the
     * vowel signs of {@code नमस्ते}), with at least one letter; no character drawn as nothing
     * ({@link VisibleText#isBlank}: a name of fillers would show as no name at all). So a name never
     * holds a space, a control character or a line break, and the first space of a {@code MSG} line
     * always ends the sender's name.
     */
    public static boolean isValidName(String name) {
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_NAME_LENGTH || !Normalizer.isNormalized(name, Normalizer.Form.NFC)
                || VisibleText.isCombiningMark(name.codePointAt(0))) {
            return false;
        }
        return name.codePoints().allMatch(Protocol::isNameCharacter)
                && name.codePoints().anyMatch(Character::isLetter)
                && VisibleText.safeForDisplay(name).equals(name); // no pile of accents either
    }

    private static boolean isNameCharacter(int c) {
        return !VisibleText.isBlank(c) && (Character.isLetterOrDigit(c) || VisibleText.isCombiningMark(c)
                || c == '_' || c == '.' || c == '-');
    }

    public static String welcome(String name) {
        return "WELCOME " + name;
    }

    public static String refusedInvalidName() {
        return "REFUSED NAME_INVALID " + Texts.get("protocol.nameInvalid", MAX_NAME_LENGTH);
    }

    public static String refusedTakenName(String name) {
        return "REFUSED NAME_TAKEN " + Texts.get("protocol.nameTaken", name);
    }

    /**
     * A user's message: the text comes last, so nothing in it can pass for a keyword. The text is
     * made safe to show ({@link VisibleText#safeForDisplay}): a bare '\r' or a terminal's escape
     * sequence would let a user move the cursor of someone's {@code nc} and paint a fake notice over
     * the line, and a long run of spaces would push a fake notice onto a row of its own.
     */
    public static String message(String sender, String text) {
        return "MSG " + sender + " " + VisibleText.safeForDisplay(text);
    }

    public static String joined(String name) {
        return "JOINED " + name;
    }

    /** @param why {@link #LEFT_QUIT}, {@link #LEFT_LOST} or {@link #LEFT_DROPPED} */
    public static String left(String name, String why) {
        return "LEFT " + name + " " + why;
    }

    public static String lineTooLong() {
        return "ERROR LINE_TOO_LONG " + Texts.get("protocol.lineTooLong", MAX_LINE_BYTES);
    }

    /**
     * Whether a received line is a message worth delivering: a line that shows nothing (only
     * spaces, zero-width characters or fillers) is ignored, as an empty one.
     */
    public static boolean isMessage(String line) {
        return VisibleText.hasVisibleCharacter(line);
    }
}

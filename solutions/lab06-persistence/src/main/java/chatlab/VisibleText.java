package chatlab;

/**
 * What a user's text may look like on someone else's screen (PROTOCOL.md §4, "What people see").
 * A chat shows people what others typed; a mischievous classmate types things that show as
 * something else: characters drawn as nothing, characters that reverse the order of what follows
 * (bidi controls), a pile of accents that paints over the lines above and below, or a run of
 * spaces that pushes the rest of a message onto a row of its own in a terminal, where it reads
 * like a line from the server. This class decides what kinds of characters those are, and makes a
 * message's text harmless to show.
 */
public final class VisibleText {

    /** The most combining marks (accents) kept on one character; the rest of a longer run is left out. */
    public static final int MAX_COMBINING_MARKS = 4;
    /** The longest run of blank characters kept in a text; a longer run becomes one space. */
    public static final int MAX_BLANK_RUN = 3;

    private VisibleText() {
    }

    /**
     * Whether a character is drawn as nothing, or as blank space: white space, and Unicode's
     * default-ignorable characters (zero-width spaces, the byte order mark, the Hangul fillers that
     * count as letters, variation selectors, the bidi controls, ...). The table is Unicode's
     * {@code Default_Ignorable_Code_Point} property (DerivedCoreProperties.txt), plus the blank
     * Braille pattern, which looks like a space but is not one.
     */
    public static boolean isBlank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || isDefaultIgnorable(c) || c == 0x2800;
    }

    private static boolean isDefaultIgnorable(int c) {
        return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160
                || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F)
                || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F)
                || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0
                || (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3)
                || (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
    }

    /**
     * Whether a character changes the direction of the text around it (U+061C, U+200E, U+200F,
     * U+202A-U+202E, U+2066-U+2069). A RIGHT-TO-LEFT OVERRIDE in a message could show the rest of
     * the line, or the next sender's name, reversed.
     */
    public static boolean isBidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** Whether a character is a combining mark: drawn on the character before it (an accent, a vowel sign). */
    public static boolean isCombiningMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** Whether a terminal would obey the character: every control character but the tab. */
    public static boolean isForbiddenControl(int c) {
        return Character.isISOControl(c) && c != '\t';
    }

    /** Whether the text shows anything at all: not only blanks (spaces, zero-width characters, fillers). */
    public static boolean hasVisibleCharacter(String text) {
        return text.codePoints().anyMatch(c -> !isBlank(c));
    }

    /**
     * The text, safe to show after {@code MSG <sender> }: control characters and bidi controls
     * become '\uFFFD' (visible, and obeyed by nobody); a run of more than {@link #MAX_BLANK_RUN}
     * blank characters becomes one space, so a text can never push its end to the start of a row of
     * its own in a terminal while the row before looks like it ended; a run of combining marks is
     * cut to {@link #MAX_COMBINING_MARKS}, so it cannot paint over other lines.
     */
    public static String safeForDisplay(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        int blanks = 0;
        int marks = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (isForbiddenControl(c) || isBidiControl(c)) {
                c = '\uFFFD';
            }
            blanks = isBlank(c) ? blanks + 1 : 0;
            marks = isCombiningMark(c) ? marks + 1 : 0;
            if (blanks > MAX_BLANK_RUN) {
                if (blanks == MAX_BLANK_RUN + 1) { // the run is too long: what it showed so far becomes one space
                    shown.setLength(shown.length() - blankTailLength(shown, MAX_BLANK_RUN));
                    shown.append(' ');
                }
            } else if (marks <= MAX_COMBINING_MARKS) {
                shown.appendCodePoint(c);
            }
        }
        return shown.toString();
    }

    /** How many chars the last {@code count} characters (code points) of the text take. */
    private static int blankTailLength(StringBuilder text, int count) {
        int end = text.length();
        int start = end;
        for (int i = 0; i < count; i++) {
            start = text.offsetByCodePoints(start, -1);
        }
        return end - start;
    }
}

package chatlab;

import java.text.Normalizer;
import java.time.Duration;
import java.util.List;

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
    /** The chat log's file, in the working directory, when none is given (lab06). */
    public static final String DEFAULT_LOG_FILE = "chat_log.txt";
    /** How many past records a newcomer gets when no other number is given (lab06). */
    public static final int DEFAULT_HISTORY = 20;
    /** The most history a newcomer may get: it must fit in its queue with room to spare. */
    public static final int MAX_HISTORY = MAX_QUEUED_LINES / 2;

    /** How long a new connection may take to be welcomed (to send a good name) before it is closed (lab06). */
    public static final Duration NAME_TIMEOUT = Duration.ofSeconds(30);
    /** How many connections the server holds at once, welcomed or not; more are refused (lab06). */
    public static final int MAX_CLIENTS = 2000;
    /** How many connections may be still choosing a name at once; more are refused (lab06). */
    public static final int MAX_UNNAMED = 500;
    /** How many connections from one address may be still choosing a name at once (lab06). */
    public static final int MAX_UNNAMED_PER_ADDRESS = 50;
    /** The budget of a client's send queue, in bytes, in the final server (lab06, PROTOCOL.md §6). */
    public static final long SEND_QUEUE_BYTES = 512 * 1024;
    /** How long a client's send queue may stay over its budget before the client is dropped (lab06). */
    public static final Duration SEND_QUEUE_GRACE = Duration.ofSeconds(5);

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

    /**
     * A past record sent to a newcomer after WELCOME: {@code HISTORY <instant> <line>} (lab06).
     * The log is a file anyone may have edited: a message's text is cleaned as a live one is, and
     * a {@code '\r'} at its end (a log saved with Windows line ends) is dropped.
     */
    public static String history(ChatRecord record) {
        return "HISTORY " + new ChatRecord(record.time(), asBroadcast(record.line())).format();
    }

    /** A chat line from the log as the server broadcasts such a line now. */
    static String asBroadcast(String line) {
        if (!line.startsWith("MSG ")) {
            return line; // JOINED and LEFT hold a valid name and a fixed word, nothing else
        }
        String[] words = line.split(" ", 3);
        String text = words[2].endsWith("\r") ? words[2].substring(0, words[2].length() - 1) : words[2];
        return message(words[1], text);
    }

    public static String lineTooLong() {
        return "ERROR LINE_TOO_LONG " + Texts.get("protocol.lineTooLong", MAX_LINE_BYTES);
    }

    /** Sent to a connection that was not welcomed in time, before it is closed (lab06). */
    public static String nameTimeout(Duration timeout) {
        return "ERROR NAME_TIMEOUT " + Texts.get("protocol.nameTimeout", timeout.toSeconds());
    }

    /** Sent to a connection the server cannot take, before it is closed (lab06). */
    public static String serverFull(int maxClients) {
        return "ERROR SERVER_FULL " + Texts.get("protocol.serverFull", maxClients);
    }

    /** Sent to a connection refused because too many are still choosing a name, before it is closed (lab06). */
    public static String tooManyUnnamed() {
        return "ERROR TOO_MANY_UNNAMED " + Texts.get("protocol.tooManyUnnamed");
    }

    /** Sent for a message over the sender's flood limit, which is not delivered (lab06). */
    public static String flood(FloodLimit limit) {
        return "ERROR FLOOD " + Texts.get("protocol.flood", limit.linesPerSecond(), limit.bytesPerSecond());
    }

    /**
     * Whether a received line is a message worth delivering: a line that shows nothing (only
     * spaces, zero-width characters or fillers) is ignored, as an empty one.
     */
    public static boolean isMessage(String line) {
        return VisibleText.hasVisibleCharacter(line);
    }

    /**
     * Whether a line is one the server broadcasts, and so may stand in the chat log:
     * {@code MSG <name> <text>}, {@code JOINED <name>} or {@code LEFT <name> <why>} (lab06). The text
     * of a message is no longer than a client may send ({@link #MAX_LINE_BYTES}, and so at most as
     * many chars).
     */
    public static boolean isChatLine(String line) {
        String[] words = line.split(" ", 3);
        return switch (words[0]) {
            case "MSG" -> words.length == 3 && isValidName(words[1]) && isMessage(words[2])
                    && words[2].length() <= MAX_LINE_BYTES;
            case "JOINED" -> words.length == 2 && isValidName(words[1]);
            case "LEFT" -> words.length == 3 && isValidName(words[1])
                    && List.of(LEFT_QUIT, LEFT_LOST, LEFT_DROPPED).contains(words[2]);
            default -> false;
        };
    }
}

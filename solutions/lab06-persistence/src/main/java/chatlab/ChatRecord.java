package chatlab;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One record of the chat log: a line the server broadcast, and when.
 *
 * <p>In the file a record is one line of UTF-8 text: the instant in ISO-8601 and UTC, exactly as
 * {@link Instant#toString()} writes it, one space, and the protocol line.
 * <pre>
 * 2026-11-21T21:44:03.120Z MSG alice ciao a tutti
 * 2026-11-21T21:44:05Z JOINED bob
 * </pre>
 * An instant has no space in it and a protocol line has no line break, so the first space splits
 * a record in two and {@code '\n'} ends it. Why UTC? A log outlives the machine's time zone and
 * its summer-time changes: an instant with {@code Z} means the same moment everywhere.
 */
public record ChatRecord(Instant time, String line) {

    /** The record as one line of the log file, without the line end. */
    public String format() {
        // region Step 2: the instant as Instant.toString() writes it, one space, the protocol line
        return time + " " + line;
        // endregion
    }

    /**
     * The record written on this line of the log, or empty if the line is not a record: edited by
     * hand, written by another program, or cut short. Such a line is skipped, never a crash.
     */
    public static Optional<ChatRecord> parse(String text) {
        // region Step 4: split at the first space; the instant must parse and the rest must be a chat line
        int space = text.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String line = text.substring(space + 1);
        try {
            Instant time = Instant.parse(text.substring(0, space));
            return Protocol.isChatLine(line) ? Optional.of(new ChatRecord(time, line)) : Optional.empty();
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
        // endregion
    }
}

package chatlab;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What a line from the server means to the person at the screen: its kind (which decides its
 * style) and the words to show.
 *
 * <p>The server's lines are for programs: a keyword and its data (PROTOCOL.md §4). The words a
 * person reads are made here, from the keyword and the data, in the user's language ({@link Texts}). A user's text only ever comes after {@code MSG <sender> }, so nothing a user types
 * can turn into a notice. The sender is kept apart from the text, so that the view can show it
 * in a style no text can take (PROTOCOL.md §4, "What people see"), and the text is made safe to
 * show ({@link VisibleText#safeForDisplay}) whatever server sent it.
 *
 * @param kind   whose line it is: the user's own message, someone else's, or a notice of the server
 * @param sender who wrote the message, with its time for a HISTORY message; null for a notice
 * @param text   the words to show, without a line end: the message itself, or the notice
 */
public record ServerLine(Kind kind, String sender, String text) {

    public enum Kind { OWN, OTHERS, NOTICE, HISTORY }

    /** How the time of a HISTORY line is shown: the clock time on this computer. */
    private static final DateTimeFormatter HISTORY_TIME = DateTimeFormatter.ofPattern("dd/MM HH:mm")
            .withZone(ZoneId.systemDefault());

    /**
     * Reads one line from the server.
     *
     * <table>
     *   <caption>what the lines become</caption>
     *   <tr><td>{@code MSG alice hi there}</td><td>OWN if alice is me, else OTHERS: sender {@code alice}, text {@code hi there}</td></tr>
     *   <tr><td>{@code JOINED bob}</td><td>NOTICE {@code bob joined the chat}</td></tr>
     *   <tr><td>{@code LEFT bob quit} / {@code lost} / {@code dropped}</td><td>NOTICE {@code bob left the chat} /
     *       {@code bob lost the connection} / {@code bob was dropped by the server}</td></tr>
     *   <tr><td>{@code SHUTDOWN}</td><td>NOTICE {@code The server is shutting down}</td></tr>
     *   <tr><td>{@code ERROR LINE_TOO_LONG ...}</td><td>NOTICE {@code The server refused a line that was too long}</td></tr>
     *   <tr><td>{@code ERROR <other code> <text>}</td><td>NOTICE {@code The server reports an error: <text>}</td></tr>
     *   <tr><td>{@code HISTORY 2026-11-21T09:15:00Z MSG bob hi}</td><td>HISTORY: sender {@code 21/11 10:15  bob},
     *       text {@code hi} (the time in this computer's zone; the same words as the line it holds)</td></tr>
     * </table>
     *
     * @param line   a line the server sent, without its line end
     * @param myName the name this client joined with
     * @return what to show, or null for a line the client ignores (a keyword it does not know)
     */
    public static ServerLine parse(String line, String myName) {
        // A name never holds a space, so the second space ends it; the text is all the rest.
        String[] words = line.split(" ", 3);
        String name = words.length > 1 ? words[1] : "";
        String rest = words.length > 2 ? words[2] : "";
        return switch (words[0]) {
            case "MSG" -> new ServerLine(name.equals(myName) ? Kind.OWN : Kind.OTHERS,
                    VisibleText.safeForDisplay(name), VisibleText.safeForDisplay(rest));
            case "JOINED" -> notice(Texts.get("line.joined", name));
            case "LEFT" -> notice(switch (rest) {
                case Protocol.LEFT_LOST -> Texts.get("line.left.lost", name);
                case Protocol.LEFT_DROPPED -> Texts.get("line.left.dropped", name);
                default -> Texts.get("line.left", name);
            });
            case "SHUTDOWN" -> notice(Texts.get("line.shutdown"));
            case "ERROR" -> notice(name.equals("LINE_TOO_LONG") ? Texts.get("line.error.tooLong")
                    : Texts.get("line.error", rest));
            case "HISTORY" -> history(name + " " + rest, myName); // HISTORY <instant> <line>
            default -> null; // a keyword of a later lab (or none at all): not for this client
        };
    }

    /** A past record sent after WELCOME ({@code <instant> <line>}), or null if it is not one. */
    private static ServerLine history(String record, String myName) {
        return ChatRecord.parse(record)
                .map(past -> {
                    ServerLine shown = parse(past.line(), myName);
                    String time = HISTORY_TIME.format(past.time());
                    return shown.sender() == null ? new ServerLine(Kind.HISTORY, null, time + "  " + shown.text())
                            : new ServerLine(Kind.HISTORY, time + "  " + shown.sender(), shown.text());
                })
                .orElse(null);
    }

    /** A notice of the client itself, such as "You left the chat". */
    public static ServerLine notice(String text) {
        return new ServerLine(Kind.NOTICE, null, VisibleText.safeForDisplay(text));
    }

    /** The line as one piece of text: {@code sender: text}, or the notice. */
    public String shown() {
        return sender == null ? text : sender + ": " + text;
    }
}

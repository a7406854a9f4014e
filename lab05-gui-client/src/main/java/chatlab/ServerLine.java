package chatlab;

/**
 * What a line from the server means to the person at the screen: its kind (which decides its
 * style) and the words to show.
 *
 * <p>The server's lines are for programs: a keyword and its data (PROTOCOL.md §4). The words a
 * person reads are made here, from the keyword and the data, in the user's language: every
 * text comes from {@link Texts} ({@code src/main/resources/chatlab/i18n/messages.properties}). A user's text only ever comes after {@code MSG <sender> }, so nothing a user types
 * can turn into a notice.
 *
 * @param kind whose line it is: the user's own message, someone else's, or a notice of the server
 * @param text the words to show, without a line end
 */
public record ServerLine(Kind kind, String text) {

    public enum Kind { OWN, OTHERS, NOTICE }

    /**
     * Reads one line from the server.
     *
     * <table>
     *   <caption>what the lines become</caption>
     *   <tr><td>{@code MSG alice hi there}</td><td>OWN if alice is me, else OTHERS: {@code alice: hi there}</td></tr>
     *   <tr><td>{@code JOINED bob}</td><td>NOTICE {@code bob joined the chat}</td></tr>
     *   <tr><td>{@code LEFT bob quit} / {@code lost} / {@code dropped}</td><td>NOTICE {@code bob left the chat} /
     *       {@code bob lost the connection} / {@code bob was dropped by the server}</td></tr>
     *   <tr><td>{@code SHUTDOWN}</td><td>NOTICE {@code The server is shutting down}</td></tr>
     *   <tr><td>{@code ERROR LINE_TOO_LONG ...}</td><td>NOTICE {@code The server refused a line that was too long}</td></tr>
     *   <tr><td>{@code ERROR <other code> <text>}</td><td>NOTICE {@code The server reports an error: <text>}</td></tr>
     * </table>
     *
     * @param line   a line the server sent, without its line end
     * @param myName the name this client joined with
     * @return what to show, or null for a line the client ignores (a keyword it does not know)
     */
    public static ServerLine parse(String line, String myName) {
        // TODO Step 5: split off the keyword and its data; build the kind and the words for each keyword
        throw new UnsupportedOperationException("TODO Step 5: split off the keyword and its data; build the kind and the words for each keyword");
    }

    /** A notice of the client itself, such as "You left the chat". */
    public static ServerLine notice(String text) {
        return new ServerLine(Kind.NOTICE, text);
    }
}

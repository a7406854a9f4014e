package chatlab;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.JTextPane;
import javax.swing.ScrollPaneConstants;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.text.BadLocationException;
import javax.swing.text.Element;
import javax.swing.text.SimpleAttributeSet;
import javax.swing.text.Style;
import javax.swing.text.StyleConstants;
import javax.swing.text.StyleContext;
import javax.swing.text.StyledDocument;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Font;
import java.awt.Insets;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The chat view: the conversation in a scrolling styled text pane (the user's own messages,
 * other users' messages, notices and the history from before one joined, each in a style of its
 * own), an input field where Enter
 * sends, a Send button, and a Disconnect button.
 *
 * <p>Threads: every method here runs on the event dispatch thread (EDT), and so must every
 * change to the components. Lines from the server arrive on the connection's reader thread, wait
 * in an {@link IncomingLines} and are drawn on the EDT in batches of at most 100: one
 * {@link SwingUtilities#invokeLater} per batch, not per line, so that a burst of thousands of lines
 * cannot bury the EDT under events (the window would freeze, and every pending line would stay in
 * memory), and the user's clicks get their turn between two batches.
 *
 * <p>What people see cannot lie: each message is one paragraph, its sender first in a bold style
 * that no text can take ({@link #SENDER_STYLE} on top of the kind's style), its text in the plain
 * style of its kind. A message that wraps continues indented, so a text that tries to look like
 * the start of another message ({@code "ok" + 400 spaces + "alice: I agree"}) shows as what it
 * is. The transcript keeps the last {@link #TRANSCRIPT_LINES} lines.
 *
 * <p>The transcript's document has four styles, named {@link #OWN_STYLE}, {@link #OTHERS_STYLE},
 * {@link #NOTICE_STYLE} and {@link #HISTORY_STYLE}; every line of the transcript is inserted with
 * the style of its kind, its sender with {@link #SENDER_STYLE} too.
 */
public class ChatView extends JPanel {

    public static final String OWN_STYLE = "own";
    public static final String OTHERS_STYLE = "others";
    public static final String NOTICE_STYLE = "notice";
    public static final String HISTORY_STYLE = "history";
    /** Added to the style of its kind for a message's sender: bold, which a text never is. */
    public static final String SENDER_STYLE = "sender";
    /** How many lines the transcript keeps; older ones are forgotten. */
    public static final int TRANSCRIPT_LINES = 2_000;
    /** How far a message's continuation rows are indented, in points: a wrapped row never starts where a sender does. */
    private static final float CONTINUATION_INDENT = 24f;

    private final JTextPane transcript = new JTextPane();
    private final JTextField input = new JTextField();
    private final JButton send = new JButton(Texts.get("chat.send"));
    private final JButton disconnect = new JButton(Texts.get("chat.disconnect"));
    private final JLabel session = new JLabel(" ");
    /**
     * Called on the EDT when a session is over, with the reason to show in the connect form.
     */
    private final Consumer<String> onEnded;
    /** The session on screen; null between sessions. Read and written on the EDT only. */
    private ServerConnection connection;

    public ChatView(Consumer<String> onEnded) {
        super(new BorderLayout(0, 8));
        this.onEnded = onEnded;
        transcript.setEditable(false);
        transcript.setMargin(new Insets(8, 10, 8, 10));
        Color paper = UIManager.getColor("TextPane.background");
        if (paper != null) { // as white as an editable pane: a read-only one would be greyed out
            transcript.setBackground(new Color(paper.getRGB()));
        }
        defineStyles();
        layOut();
        input.addActionListener(event -> sendInput()); // a JTextField fires its action on Enter
        send.addActionListener(event -> sendInput());
        disconnect.addActionListener(event -> leave());
        setSessionControls(false);
    }

    /** The three styles of the transcript, on a base style with a readable font. */
    private void defineStyles() {
        Font font = UIManager.getFont("TextField.font");
        Style base = transcript.getStyle(StyleContext.DEFAULT_STYLE);
        StyleConstants.setFontFamily(base, font == null ? Font.SANS_SERIF : font.getFamily());
        StyleConstants.setFontSize(base, Math.max(14, font == null ? 0 : font.getSize() + 1));
        StyleConstants.setSpaceBelow(base, 3f);

        Style own = transcript.addStyle(OWN_STYLE, base);
        StyleConstants.setForeground(own, new Color(0x1565C0));

        Style others = transcript.addStyle(OTHERS_STYLE, base);
        StyleConstants.setForeground(others, new Color(0x212121));

        Style notice = transcript.addStyle(NOTICE_STYLE, base);
        StyleConstants.setForeground(notice, new Color(0x757575));
        StyleConstants.setItalic(notice, true);

        Style history = transcript.addStyle(HISTORY_STYLE, base); // before one joined: quieter than the live chat
        StyleConstants.setForeground(history, new Color(0x9E9E9E));
        StyleConstants.setFontSize(history, StyleConstants.getFontSize(base) - 1);

        Style sender = transcript.addStyle(SENDER_STYLE, null); // no parent: added on top of a kind's style
        StyleConstants.setBold(sender, true);

        Style message = transcript.getStyle(StyleContext.DEFAULT_STYLE); // every paragraph: wrapped rows indented
        StyleConstants.setLeftIndent(message, CONTINUATION_INDENT);
        StyleConstants.setFirstLineIndent(message, -CONTINUATION_INDENT);
    }

    private void layOut() {
        JPanel header = new JPanel(new BorderLayout());
        header.add(session, BorderLayout.CENTER);
        header.add(disconnect, BorderLayout.EAST);

        JScrollPane scrolling = new JScrollPane(transcript,
                ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED, ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);

        JPanel typing = new JPanel(new BorderLayout(8, 0));
        typing.add(input, BorderLayout.CENTER);
        typing.add(send, BorderLayout.EAST);

        add(header, BorderLayout.NORTH);
        add(scrolling, BorderLayout.CENTER);
        add(typing, BorderLayout.SOUTH);
        setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
    }

    /** Starts showing a session: the server's lines from now on. Call on the EDT. */
    public void start(ServerConnection newConnection) {
        connection = newConnection;
        session.setText(Texts.get("chat.session", newConnection.name(), newConnection.address()));
        show(ServerLine.notice(Texts.get("chat.connected", newConnection.address(), newConnection.name())));
        setSessionControls(true);
        IncomingLines incoming = new IncomingLines();
        newConnection.startReading(new ServerConnection.Listener() {
            @Override
            public void lineReceived(String line) { // on the reader thread: no Swing here
                if (incoming.add(line)) { // no draw scheduled: schedule one, it will take the lines waiting
                    SwingUtilities.invokeLater(() -> received(newConnection, incoming));
                }
            }

            @Override
            public void connectionEnded() {
                SwingUtilities.invokeLater(() -> ended(newConnection));
            }
        });
    }

    /**
     * The next lines from the server, on the EDT, drawn in one go; if more wait, the next draw is
     * scheduled after what is already in Swing's queue. Lines of a session that is over are late: dropped.
     */
    private void received(ServerConnection from, IncomingLines incoming) {
        IncomingLines.Batch batch = incoming.take();
        if (from != connection) {
            return;
        }
        if (batch.more()) { // after the clicks and keys that came meanwhile
            SwingUtilities.invokeLater(() -> received(from, incoming));
        }
        if (batch.skipped() > 0) {
            append(ServerLine.notice(Texts.get("chat.skipped", batch.skipped())));
        }
        for (String line : batch.lines()) {
            ServerLine shown = ServerLine.parse(line, from.name());
            if (shown != null) {
                append(shown);
            }
        }
        keepInView();
    }

    /** Adds a line to the end of the transcript and keeps it in view. */
    private void show(ServerLine line) {
        append(line);
        keepInView();
    }

    /** Adds a line to the end of the transcript: its sender (if any) in bold, then its text, in the style of its kind. */
    private void append(ServerLine line) {
        StyledDocument document = transcript.getStyledDocument();
        Style style = transcript.getStyle(switch (line.kind()) {
            case OWN -> OWN_STYLE;
            case OTHERS -> OTHERS_STYLE;
            case NOTICE -> NOTICE_STYLE;
            case HISTORY -> HISTORY_STYLE;
        });
        try {
            if (line.sender() != null) {
                SimpleAttributeSet sender = new SimpleAttributeSet(style);
                sender.addAttributes(transcript.getStyle(SENDER_STYLE));
                document.insertString(document.getLength(), line.sender() + ":", sender);
                document.insertString(document.getLength(), " ", style);
            }
            document.insertString(document.getLength(), line.text() + "\n", style);
        } catch (BadLocationException cannotHappen) {
            throw new IllegalStateException(cannotHappen); // the end of the document is always a valid place
        }
    }

    /** Forgets the oldest lines past {@link #TRANSCRIPT_LINES}, and scrolls to the newest. */
    private void keepInView() {
        StyledDocument document = transcript.getStyledDocument();
        Element paragraphs = document.getDefaultRootElement();
        int extra = paragraphs.getElementCount() - 1 - TRANSCRIPT_LINES; // the last paragraph is the empty one after '\n'
        if (extra > 0) {
            try {
                document.remove(0, paragraphs.getElement(extra - 1).getEndOffset());
            } catch (BadLocationException cannotHappen) {
                throw new IllegalStateException(cannotHappen);
            }
        }
        transcript.setCaretPosition(document.getLength()); // the scroll pane follows the caret: newest in view
    }

    /** Sends what the user typed, then empties the input for the next message. */
    private void sendInput() {
        String text = input.getText();
        if (connection == null || text.isBlank()) {
            return;
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_LINE_BYTES) {
            show(ServerLine.notice(Texts.get("chat.tooLong", Protocol.MAX_LINE_BYTES)));
            return;
        }
        connection.send(text); // the server sends it back to everyone: it is shown then, in its place
        input.setText("");
    }

    /** Leaves the chat: the Disconnect button, and closing the window. Call on the EDT. */
    public void leave() {
        if (connection == null) {
            return;
        }
        connection.quit();
        endSession(Texts.get("chat.left"));
    }

    /** The connection ended without the user leaving: the server shut down, or the network broke. */
    private void ended(ServerConnection lost) {
        if (lost != connection) {
            return; // the user had left already
        }
        lost.close();
        endSession(Texts.get("chat.ended"));
    }

    /** The session is over: say so in the transcript, and hand the reason to the owner. */
    private void endSession(String why) {
        connection = null;
        show(ServerLine.notice(why));
        setSessionControls(false);
        onEnded.accept(why);
    }

    private void setSessionControls(boolean inSession) {
        input.setEnabled(inSession);
        send.setEnabled(inSession);
        disconnect.setEnabled(inSession);
    }

    /** Puts the keyboard focus in the input field, ready to type. */
    public void focusInput() {
        input.requestFocusInWindow();
    }

    /** The conversation. Its document has the styles {@link #OWN_STYLE}, {@link #OTHERS_STYLE}, {@link #NOTICE_STYLE}. */
    public JTextPane transcript() {
        return transcript;
    }

    /** Where the user types a message; Enter sends it. */
    public JTextField input() {
        return input;
    }

    public JButton sendButton() {
        return send;
    }

    /** Leaves the chat, like closing the window. */
    public JButton disconnectButton() {
        return disconnect;
    }
}

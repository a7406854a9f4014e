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
import javax.swing.text.AbstractDocument;
import javax.swing.text.BadLocationException;
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
 * other users' messages and notices each in a style of its own), an input field where Enter
 * sends, a Send button, and a Disconnect button.
 *
 * <p>Threads: every method here runs on the event dispatch thread (EDT), and so must every
 * change to the components. Lines from the server arrive on the connection's reader thread and
 * are handed over to the EDT with {@link SwingUtilities#invokeLater}.
 *
 * <p>The transcript's document has three styles, named {@link #OWN_STYLE}, {@link #OTHERS_STYLE}
 * and {@link #NOTICE_STYLE}; every line of the transcript is inserted with the style of its kind.
 */
public class ChatView extends JPanel {

    public static final String OWN_STYLE = "own";
    public static final String OTHERS_STYLE = "others";
    public static final String NOTICE_STYLE = "notice";
    /** Lines the transcript keeps: the older ones are dropped as new ones come. */
    public static final int TRANSCRIPT_LINES = 2_000;

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
        ((AbstractDocument) transcript.getStyledDocument()).setDocumentFilter(new KeepLastLines(TRANSCRIPT_LINES));
        transcript.setMargin(new Insets(8, 10, 8, 10));
        Color paper = UIManager.getColor("TextPane.background");
        if (paper != null) { // as white as an editable pane: a read-only one would be greyed out
            transcript.setBackground(new Color(paper.getRGB()));
        }
        defineStyles();
        layOut();
        // TODO Step 10: make Enter in the input field and a click on Send both call sendInput()
        // (for now Enter and Send do nothing)
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
        StyleConstants.setBold(own, true);

        Style others = transcript.addStyle(OTHERS_STYLE, base);
        StyleConstants.setForeground(others, new Color(0x212121));

        Style notice = transcript.addStyle(NOTICE_STYLE, base);
        StyleConstants.setForeground(notice, new Color(0x757575));
        StyleConstants.setItalic(notice, true);
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
        // TODO Step 11: start reading; hand every line (to received) and the end (to ended) over to the EDT
        // (for now nothing the server sends is read: the chat view shows only this session's first notice)
    }

    /** A line from the server, on the EDT. Lines of a session that is over are late: dropped. */
    private void received(ServerConnection from, String line) {
        ServerLine shown = ServerLine.parse(line, from.name());
        if (from == connection && shown != null) {
            show(shown);
        }
    }

    /** Adds a line to the end of the transcript, in the style of its kind, and keeps it in view. */
    private void show(ServerLine line) {
        // TODO Step 9: insert the text and a '\n' at the end, with the style of the kind; move the caret to the end
        throw new UnsupportedOperationException("TODO Step 9: insert the text and a '\\n' at the end, with the style of the kind; move the caret to the end");
    }

    /** Sends what the user typed, then empties the input for the next message. */
    private void sendInput() {
        // TODO Step 10: unless there is no session or the text is blank, send the text and clear the input
        throw new UnsupportedOperationException("TODO Step 10: unless there is no session or the text is blank, send the text and clear the input");
    }

    /** Leaves the chat: the Disconnect button, and closing the window. Call on the EDT. */
    public void leave() {
        // TODO Step 12: if in a session: quit the connection (it sends {quit}), then end the session
        throw new UnsupportedOperationException("TODO Step 12: if in a session: quit the connection (it sends {quit}), then end the session");
    }

    /** The connection ended without the user leaving: the server shut down, or the network broke. */
    private void ended(ServerConnection lost) {
        // TODO Step 12: if it is the session on screen: close the connection, then end the session
        throw new UnsupportedOperationException("TODO Step 12: if it is the session on screen: close the connection, then end the session");
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

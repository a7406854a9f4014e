package chatlab;

import javax.swing.JPanel;
import java.awt.CardLayout;

/**
 * The whole chat client, without a window: the connect form and the chat view, one at a time
 * (a {@link CardLayout} shows one of its components and hides the others).
 *
 * <p>The form hands a new connection to the chat view; when the session ends, the form comes
 * back with the reason, still filled in, so that reconnecting is one click. A window ({@link
 * ChatClient}) or a test holds this panel; it needs no screen.
 */
public class ChatClientPanel extends JPanel {

    private static final String FORM = "form";
    private static final String CHAT = "chat";

    private final CardLayout cards = new CardLayout();
    private final ConnectForm form = new ConnectForm(this::startChat);
    private final ChatView chat = new ChatView(this::sessionEnded);

    public ChatClientPanel() {
        setLayout(cards);
        add(form, FORM); // the first card is the one shown first
        add(chat, CHAT);
    }

    /** Shows the chat view for a new session. Call on the event dispatch thread. */
    public void startChat(ServerConnection connection) {
        chat.start(connection);
        cards.show(this, CHAT);
        chat.focusInput();
    }

    private void sessionEnded(String why) {
        form.showStatus(why);
        cards.show(this, FORM);
        form.connectButton().requestFocusInWindow();
    }

    /** Leaves the chat, if in one (the window calls this when it is closed). Call on the EDT. */
    public void leave() {
        chat.leave();
    }

    /** Whether the chat view is on screen (else the connect form is). */
    public boolean showsChat() {
        return chat.isVisible();
    }

    public ConnectForm connectForm() {
        return form;
    }

    public ChatView chatView() {
        return chat;
    }
}

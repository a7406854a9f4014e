package chatlab;

import com.formdev.flatlaf.FlatLightLaf;

import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import java.awt.Dimension;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;

/**
 * The chat client's window: a {@link ChatClientPanel} in a frame. Closing the window leaves the
 * chat politely ({@code {quit}}) before the window goes away.
 *
 * <p>Run it: {@code ChatClient [host [port [name]]]} fills in the connect form.
 */
public class ChatClient extends JFrame {

    private final ChatClientPanel client = new ChatClientPanel();

    public ChatClient() {
        super(Texts.get("client.title"));
        setContentPane(client);
        // Dispose, not exit: the writer thread may still be sending {quit}; the program ends
        // when its last window is gone and that thread is done.
        setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowOpened(WindowEvent event) {
                client.connectForm().focusName();
            }

            @Override
            public void windowClosing(WindowEvent event) {
                client.leave();
            }
        });
        setMinimumSize(new Dimension(480, 380));
        setSize(720, 540);
    }

    public ChatClientPanel client() {
        return client;
    }

    /** FlatLaf, a clean modern look; if it cannot be loaded, the look of the operating system. */
    public static void useModernLookAndFeel() {
        try {
            if (FlatLightLaf.setup()) {
                return;
            }
        } catch (LinkageError flatLafMissing) {
            // not on the class path: fall back below
        }
        try {
            UIManager.setLookAndFeel(UIManager.getSystemLookAndFeelClassName());
        } catch (Exception noSystemLook) {
            // Swing's own look (Metal) stays: plain, but it works
        }
    }

    public static void main(String[] args) {
        SwingUtilities.invokeLater(() -> {
            useModernLookAndFeel();
            ChatClient window = new ChatClient();
            ConnectForm form = window.client().connectForm();
            if (args.length > 0) {
                form.hostField().setText(args[0]);
            }
            if (args.length > 1) {
                form.portField().setText(args[1]);
            }
            if (args.length > 2) {
                form.nameField().setText(args[2]);
            }
            window.setLocationRelativeTo(null); // centered on the screen
            window.setVisible(true);
        });
    }
}

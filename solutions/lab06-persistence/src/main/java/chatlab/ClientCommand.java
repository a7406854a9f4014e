// solution-only
package chatlab;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.swing.SwingUtilities;
import java.awt.GraphicsEnvironment;
import java.util.concurrent.Callable;

/** {@code java -jar chat.jar client}: the Swing chat client, its connect form filled in from the options. */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Opens the chat client's window. The options fill in its connect form; change them there if you like.")
final class ClientCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "ADDRESS",
            description = "The server's address (default: ${DEFAULT-VALUE}); a classmate's server: its LAN address.")
    private String host;

    @Option(names = "--port", defaultValue = "12345", paramLabel = "PORT",
            description = "The server's port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--name", paramLabel = "NAME", description = "Your name in the chat.")
    private String name;

    @Option(names = "--connect", description = "Connect at once, without waiting for a click on Connect.")
    private boolean connect;

    @Override
    public Integer call() {
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println("The chat client needs a display, and there is none here. Use nc instead:"
                    + " nc " + host + " " + port);
            return 1;
        }
        SwingUtilities.invokeLater(() -> {
            ChatClient.useModernLookAndFeel();
            ChatClient window = new ChatClient();
            ConnectForm form = window.client().connectForm();
            form.hostField().setText(host);
            form.portField().setText(String.valueOf(port));
            if (name != null) {
                form.nameField().setText(name);
            }
            window.setLocationRelativeTo(null); // centered on the screen
            window.setVisible(true);
            if (connect) {
                form.connectButton().doClick();
            }
        });
        return 0;
    }
}

// solution-only
package chatlab;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import javax.swing.SwingUtilities;
import java.awt.GraphicsEnvironment;
import java.util.concurrent.Callable;

/** {@code java -jar chat.jar client}: the Swing chat client, its connect form filled in from the options. */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false) // its texts: ChatApp.commandLine
final class ClientCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "ADDRESS",
            descriptionKey = "client.host")
    private String host;

    @Option(names = "--port", defaultValue = "12345", paramLabel = "PORT",
            descriptionKey = "client.port")
    private int port;

    @Option(names = "--name", paramLabel = "NAME", descriptionKey = "client.name")
    private String name;

    @Option(names = "--connect", descriptionKey = "client.connect")
    private boolean connect;

    @Mixin
    private LanguageOption language;

    @Override
    public Integer call() {
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println(Texts.get("client.headless", host, port));
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

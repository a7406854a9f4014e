package chatlab;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingWorker;
import java.awt.Color;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The connect form: host, port and name, checked before connecting, with what is wrong shown
 * next to each field; then the connection, made on a background thread so that the window never
 * freezes, and a failure explained in words.
 *
 * <p>Tests (and the window) drive it through its components: fill in the fields, click
 * {@link #connectButton()}, read the error labels and {@link #status()}. A label whose text is
 * blank means "nothing wrong here".
 */
public class ConnectForm extends JPanel {

    private static final Color ERROR_COLOR = new Color(0xC62828);

    private final JTextField host = new JTextField("localhost", 18);
    private final JTextField port = new JTextField(String.valueOf(Protocol.DEFAULT_PORT), 6);
    private final JTextField name = new JTextField(14);
    private final JLabel hostError = errorLabel();
    private final JLabel portError = errorLabel();
    private final JLabel nameError = errorLabel();
    private final JButton connect = new JButton(Texts.get("form.connect"));
    private final JTextArea status = new JTextArea(3, 28);
    /** Called on the event dispatch thread with the new connection, once the server welcomed us. */
    private final Consumer<ServerConnection> onConnected;

    public ConnectForm(Consumer<ServerConnection> onConnected) {
        super(new GridBagLayout());
        this.onConnected = onConnected;
        layOut();
        connect.addActionListener(event -> connect());
        // Enter in any field does what the button does.
        host.addActionListener(event -> connect());
        port.addActionListener(event -> connect());
        name.addActionListener(event -> connect());
    }

    /** GridBagLayout: a column of labels, a column of fields, each field's error below it. */
    private void layOut() {
        JPanel form = new JPanel(new GridBagLayout());
        JLabel title = new JLabel(Texts.get("form.title"));
        title.setFont(title.getFont().deriveFont(Font.BOLD, title.getFont().getSize2D() * 1.6f));
        form.add(title, at(0, 0, 2, new Insets(0, 0, 16, 0)));
        addRow(form, 1, Texts.get("form.host"), host, hostError, true);
        addRow(form, 3, Texts.get("form.port"), port, portError, false); // five digits: no need for the full width
        addRow(form, 5, Texts.get("form.name"), name, nameError, true);
        GridBagConstraints button = at(1, 7, 1, new Insets(8, 0, 8, 0));
        button.fill = GridBagConstraints.NONE;
        button.anchor = GridBagConstraints.LINE_START;
        form.add(connect, button);
        status.setEditable(false);
        status.setFocusable(false);
        status.setOpaque(false);
        status.setLineWrap(true);
        status.setWrapStyleWord(true);
        status.setBorder(null);
        status.setFont(host.getFont());
        form.add(status, at(0, 8, 2, new Insets(0, 0, 0, 0)));
        form.setBorder(BorderFactory.createEmptyBorder(24, 24, 24, 24));
        add(form); // alone in a GridBagLayout: centered in the panel
    }

    private static void addRow(JPanel form, int row, String label, JTextField field, JLabel error, boolean stretch) {
        JLabel caption = new JLabel(label);
        caption.setLabelFor(field);
        form.add(caption, at(0, row, 1, new Insets(4, 0, 0, 12)));
        GridBagConstraints fieldPlace = at(1, row, 1, new Insets(4, 0, 0, 0));
        if (!stretch) {
            fieldPlace.fill = GridBagConstraints.NONE;
        }
        form.add(field, fieldPlace);
        form.add(error, at(1, row + 1, 1, new Insets(2, 0, 4, 0)));
    }

    private static GridBagConstraints at(int x, int y, int width, Insets insets) {
        GridBagConstraints constraints = new GridBagConstraints();
        constraints.gridx = x;
        constraints.gridy = y;
        constraints.gridwidth = width;
        constraints.insets = insets;
        constraints.anchor = GridBagConstraints.LINE_START;
        constraints.fill = GridBagConstraints.HORIZONTAL;
        return constraints;
    }

    private static JLabel errorLabel() {
        JLabel label = new JLabel(" "); // a blank, not an empty text: the row keeps its height
        label.setForeground(ERROR_COLOR);
        label.setFont(label.getFont().deriveFont(label.getFont().getSize2D() * 0.92f));
        return label;
    }

    /** Checks the fields, then connects in the background. Runs on the event dispatch thread. */
    private void connect() {
        if (!connect.isEnabled()) {
            return; // Enter pressed while a connection is being made
        }
        status.setText("");
        if (!validateInput()) {
            return;
        }
        startConnecting(host.getText().trim(), Integer.parseInt(port.getText().trim()), name.getText().trim());
    }

    /**
     * Checks host, port and name (PROTOCOL.md §3 for the name). Puts a message in the error label
     * of each wrong field and blanks the labels of the right ones.
     *
     * @return whether every field is right
     */
    private boolean validateInput() {
        // region Step 6: check the three fields; set or blank each error label; true if all are right
        hostError.setText(host.getText().isBlank() ? Texts.get("form.host.missing") : " ");
        portError.setText(isPort(port.getText().trim()) ? " " : Texts.get("form.port.wrong"));
        nameError.setText(Protocol.isValidName(name.getText().trim()) ? " "
                : Texts.get("form.name.wrong"));
        return hostError.getText().isBlank() && portError.getText().isBlank() && nameError.getText().isBlank();
        // endregion
    }

    private static boolean isPort(String text) {
        // region Step 6: true for a whole number from 1 to 65535
        try {
            int number = Integer.parseInt(text);
            return number >= 1 && number <= 65535;
        } catch (NumberFormatException notANumber) {
            return false;
        }
        // endregion
    }

    /**
     * Connects on a background thread and, back on the event dispatch thread, hands the
     * connection to {@code onConnected} or explains the failure. The button stays disabled
     * meanwhile, so that one click makes one connection.
     */
    private void startConnecting(String hostName, int portNumber, String userName) {
        // region Step 7: disable the button, say "Connecting..."; connect in a SwingWorker; in done(): enable, then hand over or explain
        connect.setEnabled(false);
        status.setText(Texts.get("form.connecting", hostName, portNumber));
        new SwingWorker<ServerConnection, Void>() {
            @Override
            protected ServerConnection doInBackground() throws Exception {
                return ServerConnection.connect(hostName, portNumber, userName); // slow: off the EDT
            }

            @Override
            protected void done() { // back on the EDT
                connect.setEnabled(true);
                try {
                    ServerConnection connection = get();
                    status.setText("");
                    onConnected.accept(connection);
                } catch (ExecutionException failed) {
                    explain(failed.getCause(), hostName, portNumber, userName);
                } catch (InterruptedException cannotHappen) {
                    Thread.currentThread().interrupt(); // done() runs when the work is over: get() does not wait
                }
            }
        }.execute();
        // endregion
    }

    /** Tells the user, in words, why the connection failed and what to check. */
    private void explain(Throwable failure, String hostName, int portNumber, String userName) {
        // region Step 8: a message for each failure: name refused, unknown host, refused, time-out, anything else
        String where = hostName + ":" + portNumber;
        if (failure instanceof ServerConnection.NameRefusedException refused) {
            status.setText("");
            nameError.setText(refused.code().equals("NAME_TAKEN")
                    ? Texts.get("form.name.taken", userName)
                    : Texts.get("form.name.refused"));
        } else if (failure instanceof UnknownHostException) {
            status.setText("");
            hostError.setText(Texts.get("form.host.unknown"));
        } else if (failure instanceof ConnectException) {
            status.setText(Texts.get("form.refused", where));
        } else if (failure instanceof SocketTimeoutException) {
            status.setText(Texts.get("form.timeout", where));
        } else {
            status.setText(Texts.get("form.failed", where, failure.getMessage()));
        }
        // endregion
    }

    /** Puts the keyboard focus where the user types first: the name. */
    public void focusName() {
        name.requestFocusInWindow();
    }

    /** Shows a message under the form, e.g. why the last session ended. */
    public void showStatus(String message) {
        status.setText(message);
    }

    public JTextField hostField() {
        return host;
    }

    public JTextField portField() {
        return port;
    }

    public JTextField nameField() {
        return name;
    }

    public JButton connectButton() {
        return connect;
    }

    /** What is wrong with the host; blank if nothing. */
    public JLabel hostError() {
        return hostError;
    }

    /** What is wrong with the port; blank if nothing. */
    public JLabel portError() {
        return portError;
    }

    /** What is wrong with the name (also a name the server refused); blank if nothing. */
    public JLabel nameError() {
        return nameError;
    }

    /** Progress and failures of the connection ("Connecting to ...", why it failed). */
    public JTextArea status() {
        return status;
    }
}

// solution-only
package chatlab;

import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;
import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code server --gui}: a window that shows what the server does, as the seeds' server window
 * did: where it listens, who is online, and every line it broadcasts, live. Closing the window
 * stops the server (clients get SHUTDOWN).
 */
final class ServerMonitor extends JFrame {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The chat server, telling the monitor about every line it broadcasts. */
    private static final class MonitoredServer extends ChatServer {
        private ServerMonitor monitor;

        MonitoredServer(InetAddress address, int port, Path log, int history, ServerLimits limits) throws IOException {
            super(address, port, log, history, limits);
        }

        @Override
        synchronized void broadcast(String line) {
            super.broadcast(line);
            ServerMonitor window = monitor;
            if (window != null) {
                // Called under the server's lock: hand the line over, never wait for Swing here.
                SwingUtilities.invokeLater(() -> window.show(line));
            }
        }
    }

    /** Who is online, as the JOINED and LEFT lines tell it (the monitor starts with the server). */
    private final Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final DefaultListModel<String> online = new DefaultListModel<>();
    private final JLabel onlineTitle = new JLabel();
    private final JTextArea transcript = new JTextArea();

    private ServerMonitor(String address, Path log, int history) {
        super("Chat server - " + address);
        JLabel where = new JLabel("<html>Listening on <b>" + address + "</b> &nbsp; log: " + log.toAbsolutePath()
                + " &nbsp; history: " + history + "</html>");
        where.setBorder(BorderFactory.createEmptyBorder(8, 10, 8, 10));
        JPanel who = new JPanel(new BorderLayout());
        onlineTitle.setBorder(BorderFactory.createEmptyBorder(4, 6, 4, 6));
        who.add(onlineTitle, BorderLayout.NORTH);
        who.add(new JScrollPane(new JList<>(online)), BorderLayout.CENTER);
        transcript.setEditable(false);
        transcript.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, who, new JScrollPane(transcript));
        split.setDividerLocation(170);
        add(where, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
        setDefaultCloseOperation(JFrame.EXIT_ON_CLOSE); // the shutdown hook then tells the clients
        setSize(720, 420);
        showOnline();
    }

    /** Starts a server whose broadcasts a new monitor window shows. */
    static ChatServer open(InetAddress address, int port, Path log, int history, ServerLimits limits) throws IOException {
        if (GraphicsEnvironment.isHeadless()) {
            throw new IOException("--gui needs a display, and there is none here: run without --gui");
        }
        MonitoredServer server = new MonitoredServer(address, port, log, history, limits);
        String where = (address == null ? "*" : address.getHostAddress()) + ":" + server.port();
        try {
            SwingUtilities.invokeAndWait(() -> {
                ChatClient.useModernLookAndFeel();
                ServerMonitor window = new ServerMonitor(where, log, history);
                window.setLocation(40, 40);
                window.setVisible(true);
                server.monitor = window;
            });
        } catch (InterruptedException | InvocationTargetException e) {
            server.close();
            throw new IOException("the monitor window could not open: " + e, e);
        }
        return server;
    }

    /** Shows a broadcast line; JOINED and LEFT lines also update who is online. */
    private void show(String line) {
        transcript.append(LocalTime.now().format(CLOCK) + "  " + line + "\n");
        transcript.setCaretPosition(transcript.getDocument().getLength());
        String[] words = line.split(" ");
        if (words[0].equals("JOINED")) {
            names.add(words[1]);
        } else if (words[0].equals("LEFT")) {
            names.remove(words[1]);
        }
        showOnline();
    }

    private void showOnline() {
        online.clear();
        names.forEach(online::addElement);
        onlineTitle.setText("Online (" + names.size() + ")");
    }
}

// solution-only
package chatlab;

import javax.swing.BorderFactory;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * {@code server --gui}: a window that shows what the server does, as the seeds' server window
 * did: where it listens, who is online, and every line it broadcasts, live. Closing the window
 * stops the server (clients get SHUTDOWN).
 */
final class ServerMonitor extends JFrame {

    /** How often the window draws the lines broadcast meanwhile. */
    private static final int DRAW_EVERY_MILLIS = 200;

    /** The chat server, telling the monitor about every line it broadcasts. */
    private static final class MonitoredServer extends ChatServer {
        private volatile MonitorTranscript transcript;

        MonitoredServer(InetAddress address, int port, Path log, int history, ServerLimits limits,
                        ChatLog.Rotation rotation) throws IOException {
            super(address, port, log, history, limits, rotation);
        }

        @Override
        synchronized void broadcast(String line) {
            super.broadcast(line);
            MonitorTranscript shown = transcript;
            if (shown != null) {
                shown.add(line); // under the server's lock: only a queue, never a Swing call
            }
        }
    }

    private final JLabel onlineTitle = new JLabel();

    private ServerMonitor(String address, Path log, int history, MonitorTranscript shown) {
        super(Texts.get("monitor.title", address));
        JLabel where = new JLabel(Texts.get("monitor.where", address, log.toAbsolutePath(), history));
        where.setBorder(BorderFactory.createEmptyBorder(8, 10, 8, 10));
        JPanel who = new JPanel(new BorderLayout());
        onlineTitle.setBorder(BorderFactory.createEmptyBorder(4, 6, 4, 6));
        who.add(onlineTitle, BorderLayout.NORTH);
        who.add(new JScrollPane(new JList<>(shown.online)), BorderLayout.CENTER);
        shown.transcript.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, who, new JScrollPane(shown.transcript));
        split.setDividerLocation(170);
        add(where, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
        setDefaultCloseOperation(JFrame.EXIT_ON_CLOSE); // the shutdown hook then tells the clients
        setSize(720, 420);
        showOnlineCount(shown);
        new Timer(DRAW_EVERY_MILLIS, event -> {
            shown.show();
            showOnlineCount(shown);
        }).start();
    }

    /** Starts a server whose broadcasts a new monitor window shows. */
    static ChatServer open(InetAddress address, int port, Path log, int history, ServerLimits limits,
                           ChatLog.Rotation rotation) throws IOException {
        if (GraphicsEnvironment.isHeadless()) {
            throw new IOException(Texts.get("monitor.headless"));
        }
        MonitoredServer server = new MonitoredServer(address, port, log, history, limits, rotation);
        String where = (address == null ? "*" : address.getHostAddress()) + ":" + server.port();
        try {
            SwingUtilities.invokeAndWait(() -> {
                ChatClient.useModernLookAndFeel();
                MonitorTranscript shown = new MonitorTranscript(server::online);
                ServerMonitor window = new ServerMonitor(where, log, history, shown);
                window.setLocation(40, 40);
                window.setVisible(true);
                server.transcript = shown;
            });
        } catch (InterruptedException | InvocationTargetException e) {
            server.close();
            throw new IOException(Texts.get("monitor.failed", e), e);
        }
        return server;
    }

    private void showOnlineCount(MonitorTranscript shown) {
        onlineTitle.setText(Texts.get("monitor.online", shown.online.size()));
    }
}

import chatlab.ChatApp;
import chatlab.ChatClient;
import chatlab.ConnectForm;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.io.File;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Makes docs/client-it.png and docs/monitor-it.png: the full chat in Italian, its server's
 * monitor window ({@code server --lang it --gui}) and the Swing client of carla, with alice and
 * bob chatting from their terminals and a history from earlier in the day. Run under Xvfb from
 * the kit's root, after building the full chat (solutions/lab06-persistence/target/chat.jar):
 *
 *   xvfb-run -a -s "-screen 0 1800x1000x24" java -cp solutions/lab06-persistence/target/chat.jar docs/screenshots/ItalianGui.java
 */
public class ItalianGui {

    public static void main(String[] args) throws Exception {
        Path log = Files.createTempDirectory("chat").resolve("chat_log.txt"); // a short path: the monitor shows it
        Instant morning = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(8, ChronoUnit.HOURS);
        Files.writeString(log, String.join("\n",
                morning + " JOINED bob",
                morning.plusSeconds(40) + " MSG bob buongiorno! qualcuno ha finito il passo 3?",
                morning.plusSeconds(95) + " JOINED alice",
                morning.plusSeconds(130) + " MSG alice sì, serviva un thread per ogni client",
                morning.plusSeconds(600) + " LEFT bob quit",
                morning.plusSeconds(660) + " LEFT alice quit") + "\n", StandardCharsets.UTF_8);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String[] server = {"server", "--lang", "it", "--gui", "--port", String.valueOf(port), "--log", log.toString()};
        Thread serving = new Thread(() -> ChatApp.main(server), "server");
        serving.setDaemon(true);
        serving.start();
        waitFor(() -> monitor() != null);
        SwingUtilities.invokeAndWait(() -> monitor().setSize(900, 420)); // wide enough for the longest line
        Thread.sleep(1000); // the server listens once its window is open

        PrintWriter alice = user(port, "alice");
        PrintWriter bob = user(port, "bob");
        ChatClient[] window = new ChatClient[1];
        SwingUtilities.invokeAndWait(() -> {
            window[0] = new ChatClient();
            window[0].setBounds(980, 40, 720, 540);
            window[0].setVisible(true);
            ConnectForm form = window[0].client().connectForm();
            form.hostField().setText("localhost");
            form.portField().setText(String.valueOf(port));
            form.nameField().setText("carla");
            form.connectButton().doClick();
        });
        waitFor(() -> window[0].client().showsChat());
        say(alice, "ciao carla! hai visto la scheda del lab 6?");
        say(bob, "io sto scrivendo il registro della chat: chat_log.txt");
        SwingUtilities.invokeAndWait(() -> {
            window[0].client().chatView().input().setText("sì, ci sono quasi: manca solo il flush");
            window[0].client().chatView().sendButton().doClick();
        });
        Thread.sleep(300);
        say(alice, "perfetto, allora ci vediamo alle 15 in laboratorio");
        PrintWriter dario = user(port, "dario");
        say(dario, "{quit}");
        SwingUtilities.invokeAndWait(() -> window[0].client().chatView().input().setText("a dopo!"));
        waitFor(() -> window[0].client().chatView().transcript().getText().contains("dario"));
        Thread.sleep(1000); // the monitor draws its lines a few times a second
        shoot(window[0], "docs/client-it.png");
        shoot(monitor(), "docs/monitor-it.png");
        System.exit(0);
    }

    /** The server's monitor window, once it is open. */
    private static Frame monitor() {
        List<Frame> frames = Arrays.stream(Frame.getFrames()).filter(Frame::isShowing)
                .filter(frame -> frame.getTitle().startsWith("Server di chat")).toList();
        return frames.isEmpty() ? null : frames.get(0);
    }

    /** Waits, 30 s at most, until the condition holds on the event dispatch thread; then lets Swing paint. */
    private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 300; i++) {
            boolean[] holds = new boolean[1];
            SwingUtilities.invokeAndWait(() -> holds[0] = condition.getAsBoolean());
            if (holds[0]) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not shown within 30 s");
    }

    private static PrintWriter user(int port, String name) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
        out.print(name + "\n");
        out.flush();
        new Thread(() -> { // read and forget what the server sends
            try {
                socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (Exception ignored) {
            }
        }).start();
        Thread.sleep(300);
        return out;
    }

    private static void say(PrintWriter user, String text) throws Exception {
        user.print(text + "\n");
        user.flush();
        Thread.sleep(300);
    }

    private static void shoot(Frame window, String file) throws Exception {
        Rectangle bounds = window.getBounds();
        ImageIO.write(new Robot().createScreenCapture(bounds), "png", new File(file));
        System.out.println("wrote " + file);
    }
}

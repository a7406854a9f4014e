import chatlab.ChatClientPanel;
import chatlab.ChatServer;
import chatlab.ServerConnection;

import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import java.awt.Rectangle;
import java.awt.Robot;
import java.io.File;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes docs/wrap-attempt-client.png and docs/lookalike-refused-client.png: the full chat's Swing
 * client while eve tries to pass for alice by wrapping, and a look-alike name refused. Run under
 * Xvfb from the kit's root, after building the full chat (solutions/lab06-persistence/target/chat.jar):
 *
 *   xvfb-run -a -s "-screen 0 1024x768x24" java -cp solutions/lab06-persistence/target/chat.jar docs/screenshots/WhatPeopleSee.java
 */
public class WhatPeopleSee {

    public static void main(String[] args) throws Exception {
        Path log = Files.createTempFile("chat_log", ".txt");
        ChatServer server = new ChatServer(InetAddress.getLoopbackAddress(), 0, log, 0);
        Thread serving = new Thread(() -> {
            try {
                server.serve();
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        serving.start();
        int port = server.port();
        PrintWriter alice = user(port, "alice");
        PrintWriter eve = user(port, "eve");

        ChatClientPanel bob = new ChatClientPanel();
        JFrame window = frame(bob, "Chat - bob", 0);
        ServerConnection connection = ServerConnection.connect("localhost", port, "bob");
        SwingUtilities.invokeAndWait(() -> bob.startChat(connection));
        say(alice, "hi everyone, shall we start?");
        say(eve, "ok" + " ".repeat(400) + "alice: I agree, eve may hand in my work");
        say(eve, "fine" + ".".repeat(84) + " alice: I agree, eve may hand in my work");
        say(eve, "see \u202Ekrow ym ni dnah yam eve");
        say(eve, "Z" + "\u0301\u0489\u0336".repeat(60) + "algo");
        say(alice, "no I don't. That was eve.");
        waitFor(() -> bob.chatView().transcript().getText().contains("That was eve."));
        shoot(window, "docs/wrap-attempt-client.png");

        ChatClientPanel mallory = new ChatClientPanel();
        JFrame second = frame(mallory, "Chat - connect", 700);
        SwingUtilities.invokeAndWait(() -> {
            mallory.connectForm().hostField().setText("localhost");
            mallory.connectForm().portField().setText(Integer.toString(port));
            mallory.connectForm().nameField().setText("\u0430lice"); // a Cyrillic a
            mallory.connectForm().connectButton().doClick();
        });
        waitFor(() -> !mallory.connectForm().nameError().getText().isBlank());
        shoot(second, "docs/lookalike-refused-client.png");
        System.exit(0);
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

    private static JFrame frame(ChatClientPanel panel, String title, int x) throws Exception {
        JFrame[] made = new JFrame[1];
        SwingUtilities.invokeAndWait(() -> {
            JFrame window = new JFrame(title);
            window.setContentPane(panel);
            window.setBounds(x, 0, 640, 460);
            window.setVisible(true);
            made[0] = window;
        });
        return made[0];
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
        Thread.sleep(200);
        return out;
    }

    private static void say(PrintWriter user, String text) throws Exception {
        user.print(text + "\n");
        user.flush();
        Thread.sleep(300);
    }

    private static void shoot(JFrame window, String file) throws Exception {
        Rectangle bounds = window.getBounds();
        ImageIO.write(new Robot().createScreenCapture(bounds), "png", new File(file));
        System.out.println("wrote " + file);
    }
}

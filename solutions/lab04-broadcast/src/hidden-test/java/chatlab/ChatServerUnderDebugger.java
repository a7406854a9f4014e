package chatlab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * The student's ChatServer in a JVM of its own, driven by a test through {@code chatlab.testkit.DebuggedJvm}
 * (as in lab03's hidden tests).
 * Standard input takes commands: {@code serve} (serve() on the thread "main"), {@code online}
 * (prints {@code online [names]}, sorted) and {@code close} (close() on the thread "commands").
 * Standard output shows {@code port N}, {@code closed} and {@code serve returned}.
 */
final class ChatServerUnderDebugger {

    public static void main(String[] args) throws Exception {
        ChatServer server = new ChatServer(0);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CountDownLatch serve = new CountDownLatch(1);
        // Started before serve(): the test may then stop "main" at the first Thread.start() of serve().
        Thread reader = new Thread(() -> obey(commands, server, serve), "commands");
        reader.setDaemon(true);
        reader.start();
        System.out.println("port " + server.port()); // the test's requests come after this line
        serve.await();
        server.serve();
        System.out.println("serve returned");
        Thread.sleep(60_000); // stay for the test's last questions; it kills this JVM
    }

    private static void obey(BufferedReader commands, ChatServer server, CountDownLatch serve) {
        try {
            String command;
            while ((command = commands.readLine()) != null) {
                if (command.equals("serve")) {
                    serve.countDown();
                } else if (command.equals("online")) {
                    System.out.println("online " + new TreeSet<>(server.online()));
                } else if (command.equals("close")) {
                    server.close();
                    System.out.println("closed");
                }
            }
        } catch (IOException e) {
            System.out.println("command failed: " + e);
        }
    }
}

package chatlab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The student's ChatServer in a JVM of its own, driven by a test through {@code chatlab.testkit.DebuggedJvm}.
 * Standard input takes commands: {@code serve} (serve() on the thread "main"), {@code type LINE}
 * (the operator types a line), {@code close} (close() on the thread "commands"). Standard output
 * shows the screen, {@code port N}, {@code console waiting N} each time the operator thread comes
 * back to its console, {@code closed} and {@code serve returned}.
 */
final class ChatServerUnderDebugger {

    /** The operator's keyboard: lines the test typed. Its readLine() is where the operator thread waits. */
    static final class TypedConsole extends BufferedReader {
        private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
        private int waits;

        TypedConsole() {
            super(Reader.nullReader());
        }

        @Override
        public String readLine() throws IOException {
            System.out.println("console waiting " + ++waits);
            try {
                return typed.take();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        TypedConsole console = new TypedConsole();
        ChatServer server = new ChatServer(0, console, System.out);
        System.out.println("port " + server.port());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> obey(commands, console, server), "commands");
        reader.setDaemon(true);
        String first = commands.readLine();
        if (!"serve".equals(first)) {
            return;
        }
        reader.start();
        server.serve();
        System.out.println("serve returned");
        Thread.sleep(60_000); // stay for the test's last questions; it kills this JVM
    }

    private static void obey(BufferedReader commands, TypedConsole console, ChatServer server) {
        try {
            String command;
            while ((command = commands.readLine()) != null) {
                if (command.startsWith("type ")) {
                    console.typed.add(command.substring("type ".length()));
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

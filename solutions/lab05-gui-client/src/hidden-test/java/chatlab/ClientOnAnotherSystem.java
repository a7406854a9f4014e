package chatlab;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client session in a JVM of its own, started by {@link ServerConnectionHiddenTest} with a
 * system whose line end is "\r\n" and whose default charset is not UTF-8 (as on Windows): joins
 * as the name given, reads one line, sends one message, quits. Arguments and output write every
 * character outside ' ' to '~' as \\uXXXX, so that they pass through no charset.
 */
final class ClientOnAnotherSystem {

    private ClientOnAnotherSystem() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        ServerConnection connection = ServerConnection.connect("127.0.0.1", port, unescaped(args[1]));
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        connection.startReading(new ServerConnection.Listener() {
            @Override
            public void lineReceived(String line) {
                received.offer(line);
            }

            @Override
            public void connectionEnded() {
                received.offer("(the end)");
            }
        });
        String line = received.poll(10, TimeUnit.SECONDS);
        System.out.println("RECEIVED " + (line == null ? "(nothing)" : escaped(line)));
        connection.send(unescaped(args[2]));
        connection.quit();
        // The connection's writer thread keeps this JVM alive until {quit} is out.
    }

    /** The text with its \\uXXXX escapes decoded: arguments pass through no charset that way. */
    static String unescaped(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= ' ' && c <= '~' ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return out.toString();
    }
}

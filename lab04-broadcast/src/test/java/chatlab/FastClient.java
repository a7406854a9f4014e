package chatlab;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A test client that reads everything the server sends as fast as it can, on a thread of its
 * own, and only counts the messages (they can be megabytes), keeping every other line.
 */
final class FastClient implements AutoCloseable {

    private final Socket socket;
    private final Writer out;
    private final Map<String, AtomicInteger> messagesBySender = new ConcurrentHashMap<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();

    private FastClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    static FastClient join(int port, String name) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setSoTimeout(3000);
        FastClient client = new FastClient(socket);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        client.send(name);
        String welcome = in.readLine();
        if (!("WELCOME " + name).equals(welcome)) {
            socket.close();
            throw new AssertionError("the answer to the name " + name + " was " + welcome + " instead of WELCOME " + name);
        }
        socket.setSoTimeout(0);
        Thread reader = new Thread(() -> client.readAll(in), "test client " + name);
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    private void readAll(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("MSG ")) {
                    String sender = line.substring(4, line.indexOf(' ', 4));
                    messagesBySender.computeIfAbsent(sender, key -> new AtomicInteger()).incrementAndGet();
                }
                if (!line.startsWith("MSG ") || line.length() < 200) {
                    notices.add(line);
                }
            }
        } catch (IOException closed) {
            // the test is over, or the server closed the connection
        }
    }

    void send(String line) throws IOException {
        out.write(line + "\n");
        out.flush();
    }

    int messagesFrom(String sender) {
        AtomicInteger count = messagesBySender.get(sender);
        return count == null ? 0 : count.get();
    }

    /** Every line received but the long messages, in order. */
    List<String> notices() {
        return List.copyOf(notices);
    }

    boolean sawLine(String line) {
        return notices.contains(line);
    }

    boolean awaitMessages(String sender, int count, Duration wait) {
        return within(wait, () -> messagesFrom(sender) >= count);
    }

    boolean awaitLine(String line, Duration wait) {
        return within(wait, () -> sawLine(line));
    }

    private static boolean within(Duration wait, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

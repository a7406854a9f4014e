package chatlab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a ClientConnection in a JVM of its own, with other platform defaults (charset, line
 * separator) than the test's: it accepts one connection, sends {@link ClientConnectionTest#UTF8_TEXT},
 * then sends back "read: " and the line it reads.
 */
final class ClientConnectionProbe {


    /** How long the second JVM may take to start. */
    static final Duration START_LIMIT = Duration.ofSeconds(20);

    private ClientConnectionProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            System.out.println("port " + listener.getLocalPort());
            System.out.flush();
            try (ClientConnection connection = new ClientConnection(listener.accept())) {
                connection.send(ClientConnectionTest.UTF8_TEXT);
                connection.send("read: " + connection.readLine());
            }
        }
    }

    /** Starts the probe with these JVM options; returns once it listens, and its port. */
    static Probe start(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")); // a quicker start
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClientConnectionProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> copy(process.getInputStream(), output), "probe output");
        drain.setDaemon(true);
        drain.start();
        Probe probe = new Probe(process, output);
        // Starting a JVM is not the student's code: on a busy machine it may take seconds.
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (probe.port() <= 0 && process.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000); // poll: the process gives no other sign
        }
        if (probe.port() <= 0 && process.isAlive()) {
            process.destroyForcibly();
            throw new AssertionError("the test's second JVM did not start within " + START_LIMIT.toSeconds()
                    + " s: the machine is very busy; run the tests again" + probe.output());
        }
        if (probe.port() <= 0) {
            probe.failIfTodo();
            throw new AssertionError("the test's second JVM failed" + probe.output());
        }
        return probe;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try {
            int count;
            while ((count = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, count);
                }
            }
        } catch (IOException ended) {
            // the process ended
        }
    }

    /** A running probe. */
    record Probe(Process process, ByteArrayOutputStream out) implements AutoCloseable {

        int port() {
            String shown;
            synchronized (out) {
                shown = out.toString(StandardCharsets.UTF_8);
            }
            return shown.startsWith("port ") && shown.contains("\n")
                    ? Integer.parseInt(shown.substring(5, shown.indexOf('\n')).trim()) : -1;
        }

        /** Throws the probe's "TODO Step N" exception, if it died of one: the score table then says so. */
        void failIfTodo() {
            String shown;
            synchronized (out) {
                shown = out.toString(StandardCharsets.UTF_8);
            }
            int todo = shown.indexOf("TODO Step");
            if (todo >= 0) {
                throw new UnsupportedOperationException(shown.substring(todo).lines().findFirst().orElse("TODO"));
            }
        }

        /** What the probe printed, for a failure message ("" if nothing). */
        String output() {
            String shown;
            synchronized (out) {
                shown = out.toString(StandardCharsets.UTF_8);
            }
            String rest = shown.startsWith("port ") && shown.contains("\n") ? shown.substring(shown.indexOf('\n') + 1) : shown;
            rest = rest.strip();
            return rest.isEmpty() ? "" : " (the second JVM printed: " + rest.lines().limit(6).reduce((a, b) -> a + " | " + b).orElse("") + ")";
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}

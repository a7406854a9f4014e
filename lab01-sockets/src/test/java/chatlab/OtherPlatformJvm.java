package chatlab;

import chatlab.testkit.LineConnection;
import chatlab.testkit.Silence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs your classes in a second Java process that behaves like another computer: its default
 * charset is US-ASCII and its line separator is "\r\n" (as on Windows). Code that names UTF-8 and
 * writes "\n" itself works the same there; code that relies on the platform's defaults
 * ({@code new InputStreamReader(in)}, {@code getBytes()}, {@code println}, {@code newLine()})
 * turns 'è' into '?' or ends its lines with "\r\n", and the tests see it, whatever the default
 * of the computer the tests run on.
 *
 * <p>The parent (a test) calls {@link #start}; the child runs {@link #main} and talks to the
 * parent through its standard output, in plain ASCII (other characters escaped as \\uXXXX).
 */
final class OtherPlatformJvm implements AutoCloseable {

    /** Starting a JVM is quick on an idle computer, but a busy one (a whole class grading) is slow. */
    private static final Duration START_WAIT = Duration.ofSeconds(40);

    private final Process process;
    private final LinkedBlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final String what;

    private OtherPlatformJvm(String what, List<String> command) throws IOException {
        this.what = what;
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::collectOutput, "OtherPlatformJvm output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the child: {@code mode} is one of the cases of {@link #main}. */
    static OtherPlatformJvm start(String what, String mode, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=US-ASCII", "-Dline.separator=\r\n",
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", classPath(), OtherPlatformJvm.class.getName(), mode));
        command.addAll(List.of(args));
        return new OtherPlatformJvm(what, command);
    }

    /** Your classes and this one: all the child needs (it uses no test library). */
    private static String classPath() {
        try {
            Path labClasses = Path.of(EchoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path testClasses = Path.of(OtherPlatformJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return labClasses + System.getProperty("path.separator") + testClasses;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void collectOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException ignored) {
            // the child is gone; nextResult() reports that
        }
    }

    /**
     * The value of the child's next "{@code key} ..." line. Fails with the child's own words if
     * it reported an exception (a TODO, a refused connection...) or printed nothing in time.
     */
    String next(String key) {
        try {
            long deadline = System.nanoTime() + START_WAIT.toNanos();
            StringBuilder other = new StringBuilder();
            while (true) {
                String line = output.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("the second Java process (" + what + ") said nothing for "
                            + START_WAIT.toSeconds() + " s" + (process.isAlive() ? "" : " and ended") + other);
                }
                if (line.startsWith(key + " ")) {
                    return unescape(line.substring(key.length() + 1));
                }
                if (line.startsWith("FAILED ")) {
                    throw failure(line);
                }
                other.append(" | ").append(line); // e.g. what the student's code printed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the second Java process");
        }
    }

    /**
     * Waits until the child's client has sent a whole line to {@code server}: its connection may
     * take as long as a JVM's start ({@link #START_WAIT}), but once connected, the line gets the
     * same 3 s as any line a test waits for ({@link LineConnection#DEFAULT_WAIT}), not the 40 s of a
     * start: a client that never flushes would otherwise cost 40 s. Fails at once with the
     * child's own words if it reported an exception (a TODO...) or ended.
     */
    void awaitLineSentTo(FakeTcpServer server) throws InterruptedException {
        Duration poll = Duration.ofMillis(50);
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!server.connectedWithin(poll)) {
            failIfFailed();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the second Java process (" + what + ") did not connect within "
                        + START_WAIT.toSeconds() + " s");
            }
        }
        Duration wait = LineConnection.DEFAULT_WAIT;
        deadline = System.nanoTime() + wait.toNanos();
        while (!server.lineWithin(poll)) {
            failIfFailed();
            if (System.nanoTime() > deadline) {
                Silence.witness(wait);
                throw new AssertionError("the second Java process (" + what + ") connected, but sent no whole line"
                        + " within " + wait.toSeconds() + " s: did the client send the '\\n' and flush() its output?");
            }
        }
    }

    private AssertionError failure(String failedLine) {
        return new AssertionError("in a second Java process whose default charset is US-ASCII and whose line"
                + " separator is \\r\\n, " + what + " failed: " + unescape(failedLine.substring("FAILED ".length())));
    }

    /** Fails like {@link #next} if the child already reported an exception or ended; else returns. */
    void failIfFailed() {
        for (String line : output) {
            if (line.startsWith("FAILED ")) {
                throw failure(line);
            }
        }
        if (!process.isAlive() && output.isEmpty()) {
            throw new AssertionError("the second Java process (" + what + ") ended without a word");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    // ---------------------------------------------------------------- the child's side

    /**
     * The child: {@code tcp-server} and {@code udp-server} start your server on port 0, print
     * "PORT n" and serve until the parent ends them; {@code tcp-client port text} and
     * {@code udp-client port text} send the text to 127.0.0.1 and print "REPLY reply".
     */
    public static void main(String[] args) {
        try {
            switch (args[0]) {
                case "tcp-server" -> {
                    EchoServer server = new EchoServer(0);
                    report("PORT", String.valueOf(server.port()));
                    server.serve();
                }
                case "udp-server" -> {
                    UdpEchoServer server = new UdpEchoServer(0);
                    report("PORT", String.valueOf(server.port()));
                    server.serve();
                }
                case "tcp-client" -> {
                    try (EchoClient client = new EchoClient("127.0.0.1", Integer.parseInt(args[1]))) {
                        report("REPLY", String.valueOf(client.send(unescape(args[2]))));
                    }
                }
                case "udp-client" -> {
                    try (UdpEchoClient client = new UdpEchoClient("127.0.0.1", Integer.parseInt(args[1]), Duration.ofSeconds(5))) {
                        report("REPLY", client.send(unescape(args[2])));
                    }
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } catch (Throwable failure) {
            report("FAILED", failure.toString());
        }
        System.out.flush();
        Runtime.getRuntime().halt(0); // a server may have left threads running; the child is done
    }

    private static synchronized void report(String key, String value) {
        System.out.print(key + " " + escape(value) + "\n");
        System.out.flush();
    }

    /** Plain ASCII for the command line and standard output: other characters as \\uXXXX. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c > 0x7E || c == '\\') {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static String unescape(String escaped) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.charAt(i) == '\\') {
                text.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                text.append(escaped.charAt(i));
            }
        }
        return text.toString();
    }
}

package chatlab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's {@code ChatServer.main} run in a JVM of its own whose platform charset is US-ASCII
 * and whose line separator is "\r\n": code that forgets to name UTF-8 (in either direction) or
 * writes the platform's line end shows it there, on any JDK and in any IDE.
 */
final class ServerInChildJvm implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("port (\\d+)");

    private final Process process;
    private final int port;

    private ServerInChildJvm(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerInChildJvm start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes;
        try {
            classes = Path.of(ChatServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-Dfile.encoding=US-ASCII",
                "-Dline.separator=\r\n", "-cp", classes, "chatlab.ChatServer", "0"));
        builder.environment().put("LC_ALL", "C"); // the platform charset on JDK 18+ too
        builder.environment().put("LANG", "C");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> readPort(process));
        try {
            return new ServerInChildJvm(process, port.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("ChatServer.main in a JVM of its own did not print \"... port N ...\" within"
                    + " 10 s: " + e, e);
        }
    }

    private static int readPort(Process process) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                Matcher matcher = PORT.matcher(line);
                if (matcher.find()) {
                    Thread drain = new Thread(() -> drain(out), "child JVM output");
                    drain.setDaemon(true);
                    drain.start();
                    return Integer.parseInt(matcher.group(1));
                }
            }
            throw new IllegalStateException("the server's JVM ended before it printed its port");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the server's console: nobody reads it, but it must not fill up and block the server
            }
        } catch (IOException ended) {
            // the process ended
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

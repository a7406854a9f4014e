package chatlab.teacher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command that executes untrusted code, within bounds: a wall-clock limit, after which
 * or at whose end the process and everything it started are killed, and an output cap (the
 * output is always read, so a flood never blocks the process, but only its first bytes are kept).
 */
public final class BoundedProcess {

    /**
     * How a bounded run ended.
     *
     * @param exitCode    the process's exit code; meaningless when timedOut
     * @param timedOut    true if the time limit ran out and the process was killed
     * @param output      the first bytes of stdout and stderr together, as text
     * @param outputBytes how many bytes it printed in all
     * @param took        wall-clock time
     */
    public record Outcome(int exitCode, boolean timedOut, String output, long outputBytes, Duration took) {

        public boolean outputCut(int cap) {
            return outputBytes > cap;
        }
    }

    private BoundedProcess() {
    }

    /**
     * Runs the command in a session of its own, with the run's marker in its environment and the
     * channel's secret on its standard input; its standard output is the result channel, its
     * standard error the output kept for the feedback. When it ends, or at the time limit, every
     * process it started is killed ({@link ProcessTree}).
     */
    public static Outcome run(List<String> command, Path directory, Map<String, String> environment, Duration limit,
                              int outputCap, ResultChannel channel, boolean watchTree) throws IOException, InterruptedException {
        long start = System.nanoTime();
        byte[] random = new byte[12];
        new java.security.SecureRandom().nextBytes(random);
        String marker = java.util.HexFormat.of().formatHex(random);
        ProcessBuilder builder = new ProcessBuilder(ProcessTree.inOwnSession(command)).directory(directory.toFile());
        builder.environment().putAll(environment);
        builder.environment().put(ProcessTree.MARKER_VARIABLE, marker);
        Process process = builder.start();
        // In a sandbox the PID namespace holds every process of the run; without one, watch the tree.
        ProcessTree.Watch watch = new ProcessTree.Watch(process, watchTree);
        try (var in = process.getOutputStream()) {
            in.write(channel.secretLine());
        } catch (IOException ended) {
            // The process is already gone: it will say so by its exit code.
        }
        Drain drain = new Drain(process.getErrorStream(), outputCap);
        Thread drainer = new Thread(drain, "drain-" + process.pid());
        Thread reader = new Thread(() -> channel.readAll(process.getInputStream()), "results-" + process.pid());
        for (Thread thread : List.of(drainer, reader)) {
            thread.setDaemon(true);
            thread.start();
        }
        boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        // Whether it ended or not: nothing the run started may outlive it.
        ProcessTree.killAll(process, marker, watch);
        // A grandchild that inherited the pipes is dead now; bound the wait anyway, then let go.
        reader.join(TimeUnit.SECONDS.toMillis(5));
        drainer.join(TimeUnit.SECONDS.toMillis(5));
        process.getInputStream().close();
        process.getErrorStream().close();
        int exitCode = ended ? process.exitValue() : -1;
        return new Outcome(exitCode, !ended, drain.text(), drain.total(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Reads a stream to its end, keeping only the first {@code cap} bytes. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;

        Drain(InputStream in, int cap) {
            this.in = in;
            this.cap = cap;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[16 * 1024];
            try {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    synchronized (this) {
                        int room = (int) Math.max(0, Math.min(read, cap - total));
                        kept.write(buffer, 0, room);
                        total += read;
                    }
                }
            } catch (IOException closed) {
                // The process is gone, or we stopped listening: what was kept is all there is.
            }
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized long total() {
            return total;
        }
    }
}

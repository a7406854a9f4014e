package chatlab.teacher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command that executes untrusted code, within bounds: a wall-clock limit after which
 * the process and everything it started are killed, and an output cap (the output is always
 * read, so a flood never blocks the process, but only its first bytes are kept).
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

    public static Outcome run(List<String> command, Path directory, Duration limit, int outputCap)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).start();
        // Code that reads System.in gets an immediate end of input instead of waiting forever.
        process.getOutputStream().close();
        Drain drain = new Drain(process.getInputStream(), outputCap);
        Thread drainer = new Thread(drain, "drain-" + process.pid());
        drainer.setDaemon(true);
        drainer.start();
        boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            killTree(process);
        }
        // A grandchild that inherited the pipe could keep it open: bound the wait, then let go.
        drainer.join(TimeUnit.SECONDS.toMillis(5));
        process.getInputStream().close();
        int exitCode = ended ? process.exitValue() : -1;
        return new Outcome(exitCode, !ended, drain.text(), drain.total(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Kills the process and every process it started, children first so none escapes. */
    static void killTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
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

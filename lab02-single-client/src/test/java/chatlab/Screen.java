package chatlab;

import chatlab.testkit.Waits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The operator's screen: captures what the server prints, for a test to look at. A test may
 * also hold the thread that prints a given line, to make a race happen on purpose.
 */
final class Screen {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile Hold hold;
    private final PrintStream out = new HoldingPrintStream();

    PrintStream printStream() {
        return out;
    }

    /** The lines printed so far (ByteArrayOutputStream is thread-safe). */
    List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

    /** Waits until the screen shows this line; fails saying what it shows instead. */
    void awaitLine(String expected) {
        Waits.until(() -> lines().contains(expected),
                () -> "the operator's console should show the line \"" + expected + "\", but it shows " + lines());
    }

    /**
     * From now on, the thread that prints this line stops right after printing it, until the
     * test calls {@link Hold#release()} (or 5 s pass: no test can hang on it).
     */
    Hold holdAt(String line) {
        Hold newHold = new Hold(line);
        hold = newHold;
        return newHold;
    }

    private void holdIfShown() {
        Hold current = hold;
        if (Thread.holdsLock(out)) {
            return; // inside the stream's own lock: hold once the print is over, so others may print
        }
        if (current != null && lines().contains(current.line)) {
            hold = null;
            current.held.countDown();
            try {
                current.released.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A console that can hold the thread that printed a given line, after it printed it. */
    private final class HoldingPrintStream extends PrintStream {

        HoldingPrintStream() {
            super(bytes, true, StandardCharsets.UTF_8);
        }

        @Override
        public void print(String text) {
            super.print(text);
            holdIfShown();
        }

        @Override
        public void println(String line) {
            super.println(line);
            holdIfShown();
        }

        @Override
        public void println(Object line) {
            super.println(line);
            holdIfShown();
        }

        @Override
        public PrintStream format(String format, Object... args) {
            super.format(format, args);
            holdIfShown();
            return this;
        }
    }

    /** A printing thread held at a line. */
    static final class Hold {
        private final String line;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String line) {
            this.line = line;
        }

        /** Whether a thread printed the line and is held, waiting at most {@code wait}. */
        boolean heldWithin(Duration wait) {
            try {
                return held.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void release() {
            released.countDown();
        }
    }
}

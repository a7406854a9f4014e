package chatlab;

import java.io.InterruptedIOException;
import java.io.Reader;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** The operator's keyboard, typed on by a test: read() blocks until a line is typed, like System.in. */
final class Keyboard extends Reader {

    private static final String END = new String("<end of input>"); // compared by identity
    private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
    /** How many threads wait in read() for the next line right now. */
    private final AtomicInteger waitingReaders = new AtomicInteger();
    private String chunk = "";
    private int position;

    void type(String line) {
        typed.add(line + "\n");
    }

    /** Ends the input, as Ctrl+D does: readLine() then returns null. */
    void end() {
        typed.add(END);
    }

    /**
     * Waits until every typed line has been read and a thread waits for the next one: the
     * server has taken in all the operator typed so far and asks for more. False if that does
     * not happen within {@code wait} (nobody reads the keyboard, or the reader is busy or dead).
     */
    boolean allReadWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (typed.isEmpty() && waitingReaders.get() > 0) {
                return true;
            }
            LockSupport.parkNanos(200_000); // poll: the reader gives no other sign
        }
        return false;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return 0;
        }
        if (position == chunk.length()) {
            waitingReaders.incrementAndGet();
            try {
                chunk = typed.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the operator to type");
            } finally {
                waitingReaders.decrementAndGet();
            }
            position = 0;
            if (chunk == END) {
                typed.add(END); // every later read ends too
                chunk = "";
                return -1;
            }
        }
        int count = Math.min(length, chunk.length() - position);
        chunk.getChars(position, position + count, buffer, offset);
        position += count;
        return count;
    }

    @Override
    public void close() {
        end();
    }
}

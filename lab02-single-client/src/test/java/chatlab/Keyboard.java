package chatlab;

import java.io.InterruptedIOException;
import java.io.Reader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The operator's keyboard, typed on by a test: read() blocks until a line is typed, like System.in. */
final class Keyboard extends Reader {

    private static final String END = new String("<end of input>"); // compared by identity
    private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
    private String chunk = "";
    private int position;

    void type(String line) {
        typed.add(line + "\n");
    }

    /** Ends the input, as Ctrl+D does: readLine() then returns null. */
    void end() {
        typed.add(END);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return 0;
        }
        if (position == chunk.length()) {
            try {
                chunk = typed.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the operator to type");
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

package chatlab;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The lines a client received and has not drawn yet: filled by the connection's reader thread,
 * emptied by the event dispatch thread in one batch at a time.
 *
 * <p>Why not one {@code invokeLater} per line? The reader reads as fast as the network brings
 * lines; a burst of 20,000 would queue 20,000 Swing events, each holding its line, and the window
 * would freeze until the last one is drawn. Here at most {@link #WAITING_LINES} lines wait; when
 * more come before the next draw, the oldest are skipped (the transcript would forget them at once
 * anyway) and counted, so the view can say how many.
 */
final class IncomingLines {

    /** Fewer than the transcript keeps ({@link ChatView#TRANSCRIPT_LINES}): a whole batch always fits. */
    static final int WAITING_LINES = 1_000;

    /** What one draw takes: the lines in order, and how many older ones were skipped. */
    record Batch(List<String> lines, long skipped) {
    }

    /** Guarded by itself: the reader thread adds, the EDT takes. */
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private long skipped;

    /**
     * Adds a line; never waits.
     *
     * @return true if nothing was waiting before it: the caller must then schedule a draw
     */
    boolean add(String line) {
        synchronized (waiting) {
            boolean first = waiting.isEmpty() && skipped == 0;
            if (waiting.size() == WAITING_LINES) {
                waiting.removeFirst();
                skipped++;
            }
            waiting.addLast(line);
            return first;
        }
    }

    /** Takes every waiting line, and the count of those skipped since the last call. */
    Batch takeAll() {
        synchronized (waiting) {
            Batch batch = new Batch(List.copyOf(waiting), skipped);
            waiting.clear();
            skipped = 0;
            return batch;
        }
    }
}

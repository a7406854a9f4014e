package chatlab;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a client received and has not drawn yet: filled by the connection's reader thread,
 * emptied by the event dispatch thread in one batch at a time.
 *
 * <p>Why not one {@code invokeLater} per line? The reader reads as fast as the network brings
 * lines; a burst of 20,000 would queue 20,000 Swing events, each holding its line, and the window
 * would freeze until the last one is drawn. Here at most {@link #WAITING_LINES} lines wait; when
 * more come before they are drawn, the oldest are skipped (the transcript would forget them at once
 * anyway) and counted, so the view can say how many. And one draw takes at most {@link #BATCH_LINES}
 * lines, then lets Swing answer the user's clicks before the next one.
 */
final class IncomingLines {

    /** Fewer than the transcript keeps ({@link ChatView#TRANSCRIPT_LINES}): the lines waiting always fit. */
    static final int WAITING_LINES = 1_000;
    /** The most lines one draw takes: drawing them keeps the event thread busy for a few milliseconds only. */
    static final int BATCH_LINES = 100;

    /** What one draw takes: the lines in order, how many older ones were skipped, and whether more wait. */
    record Batch(List<String> lines, long skipped, boolean more) {
    }

    /** Guarded by itself: the reader thread adds, the EDT takes. */
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private long skipped;
    /** Whether a draw is scheduled that will take the lines waiting now. */
    private boolean drawScheduled;

    /**
     * Adds a line; never waits.
     *
     * @return true if no draw is scheduled: the caller must then schedule one
     */
    boolean add(String line) {
        synchronized (waiting) {
            if (waiting.size() == WAITING_LINES) {
                waiting.removeFirst();
                skipped++;
            }
            waiting.addLast(line);
            boolean mustSchedule = !drawScheduled;
            drawScheduled = true;
            return mustSchedule;
        }
    }

    /**
     * Takes the oldest waiting lines, {@link #BATCH_LINES} at most, and the count of those skipped
     * since the last call. If {@link Batch#more} is true, the caller must schedule the next draw.
     */
    Batch take() {
        synchronized (waiting) {
            List<String> lines = new ArrayList<>(Math.min(waiting.size(), BATCH_LINES));
            while (lines.size() < BATCH_LINES && !waiting.isEmpty()) {
                lines.add(waiting.removeFirst());
            }
            Batch batch = new Batch(lines, skipped, !waiting.isEmpty());
            skipped = 0;
            drawScheduled = batch.more();
            return batch;
        }
    }
}

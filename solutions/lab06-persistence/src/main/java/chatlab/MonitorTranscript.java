// solution-only
package chatlab;

import javax.swing.DefaultListModel;
import javax.swing.JTextArea;
import javax.swing.text.BadLocationException;
import javax.swing.text.Element;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the monitor window shows (the live lines and who is online), fed by the server without
 * ever waiting and drawn by Swing in batches.
 *
 * <p>Why batches: a busy chat broadcasts thousands of lines a second. One Swing event per line
 * would pile up faster than the event thread can draw them (and the memory of every pending event
 * with it), and the window would freeze. Instead {@link #add} only puts the line in a bounded
 * queue, and {@link #show} (a Swing timer calls it a few times a second) draws everything queued
 * in one go. The transcript keeps the last {@link #TRANSCRIPT_LINES} lines; if more than
 * {@link #WAITING_LINES} lines come between two draws, the oldest are skipped and the transcript
 * says how many.
 */
final class MonitorTranscript {

    /** Fewer than the transcript keeps, so that the "not shown" notice before a batch is never cut. */
    static final int WAITING_LINES = 1_000;
    static final int TRANSCRIPT_LINES = 2_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    final JTextArea transcript = new JTextArea();
    final DefaultListModel<String> online = new DefaultListModel<>();
    /** Who is online, asked of the server when a JOINED or LEFT line was in the batch. */
    private final Supplier<Set<String>> onlineNames;

    /** Filled by the server's threads, emptied by the event thread: guarded by itself. */
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private long skipped;

    MonitorTranscript(Supplier<Set<String>> onlineNames) {
        this.onlineNames = onlineNames;
        transcript.setEditable(false);
    }

    /** Called by the server for every line it broadcasts: never waits, keeps at most {@link #WAITING_LINES}. */
    void add(String line) {
        synchronized (waiting) {
            if (waiting.size() == WAITING_LINES) {
                waiting.removeFirst();
                skipped++;
            }
            waiting.addLast(line);
        }
    }

    /** On the event thread: draws every line queued since the last call, and who is online if that changed. */
    void show() {
        List<String> lines;
        long skippedNow;
        synchronized (waiting) {
            lines = new ArrayList<>(waiting);
            waiting.clear();
            skippedNow = skipped;
            skipped = 0;
        }
        if (lines.isEmpty()) {
            return;
        }
        String now = LocalTime.now().format(CLOCK);
        StringBuilder text = new StringBuilder();
        if (skippedNow > 0) {
            text.append(now).append("  ").append(Texts.get("chat.skipped", skippedNow)).append('\n');
        }
        boolean whoChanged = skippedNow > 0;
        for (String line : lines) {
            text.append(now).append("  ").append(line).append('\n');
            whoChanged |= line.startsWith("JOINED ") || line.startsWith("LEFT ");
        }
        transcript.append(text.toString());
        forgetOldLines();
        transcript.setCaretPosition(transcript.getDocument().getLength());
        if (whoChanged) {
            online.clear();
            new TreeSet<>(onlineNames.get()).forEach(online::addElement);
        }
    }

    private void forgetOldLines() {
        Element root = transcript.getDocument().getDefaultRootElement();
        int extra = root.getElementCount() - 1 - TRANSCRIPT_LINES; // the last element is the empty line after '\n'
        if (extra > 0) {
            try {
                transcript.getDocument().remove(0, root.getElement(extra - 1).getEndOffset());
            } catch (BadLocationException cannotHappen) {
                throw new IllegalStateException(cannotHappen);
            }
        }
    }
}

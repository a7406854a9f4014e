package chatlab;

import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.JTextPane;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.text.BadLocationException;
import javax.swing.text.Style;
import javax.swing.text.StyleConstants;
import javax.swing.text.StyleContext;
import java.awt.GridBagLayout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs test code on the event dispatch thread (EDT), where Swing must be used, and waits for it
 * with a bound: if the client's code blocks the EDT, a test fails instead of hanging.
 *
 * <p>It also records what threads throw without anybody catching it (an exception in a listener
 * on the EDT, in the client's reader thread), so that a failure can tell.
 */
final class Edt {

    /** How long an action on the EDT may take, once started. */
    static final Duration WAIT = Duration.ofSeconds(3);
    /** How long the EDT may take to get to an action: what ran before it must have finished. */
    static final Duration BUSY = Duration.ofSeconds(5);

    private static final List<String> uncaught = new CopyOnWriteArrayList<>();
    private static final List<RuntimeException> todos = new CopyOnWriteArrayList<>();

    static {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            uncaught.add("thread '" + thread.getName() + "' threw " + failure);
            if (failure instanceof UnsupportedOperationException todo && String.valueOf(todo.getMessage()).startsWith("TODO")) {
                todos.add(todo);
            }
        });
    }

    private Edt() {
    }

    interface Action {
        void run() throws Exception;
    }

    /** Runs the action on the EDT and waits for it; fails if the EDT does not get to it within 3 s. */
    static void run(String what, Action action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Computes a value on the EDT and waits for it; fails if the EDT does not get to it within 5 s,
     * or does not finish it within 3 s of starting it. The two bounds are apart so that a failure
     * blames the right code: what ran on the EDT before (a click's listener, a SwingWorker's
     * done()), or the action itself.
     */
    static <T> T call(String what, Callable<T> action) {
        CountDownLatch started = new CountDownLatch(1);
        FutureTask<T> task = new FutureTask<>(() -> {
            started.countDown();
            return action.call();
        });
        SwingUtilities.invokeLater(task);
        try {
            if (!started.await(BUSY.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the event dispatch thread was still busy " + BUSY.toSeconds()
                        + " s later and never got to " + what + ": code that ran on it before (a click's listener,"
                        + " a SwingWorker's done(), ChatView.start) is still waiting, for the network? That freezes"
                        + " the window." + uncaughtSoFar());
            }
            return task.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException busy) {
            throw new AssertionError("the event dispatch thread did not finish " + what + " within "
                    + WAIT.toSeconds() + " s of starting it: it is blocked. Does code on the EDT wait for the network"
                    + " (connect, readLine, a loop reading the server, a write)? That freezes the window.");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError(what + " threw " + cause, cause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the EDT");
        }
    }

    /**
     * Loads the test libraries before any test (AssertJ, Awaitility and the common pool take a
     * second or more to start on a loaded machine): a client that waits 5 s for the server's
     * answer must not time out while a test loads AssertJ. A graded run has done the first two
     * already (the grading listener); a plain JUnit launch has not.
     */
    static void warmUpTestLibraries() throws Exception {
        chatlab.testkit.TestLibraries.warmUp();
        java.util.concurrent.CompletableFuture.supplyAsync(() -> "warm-up").get(30, TimeUnit.SECONDS);
    }

    /**
     * Starts Swing before any test: the event dispatch thread, the look and feel, the text
     * classes. The first use of Swing in a JVM takes a second or more (longer on a loaded
     * machine); done here, outside every test's time bound, it can never be blamed on the
     * student's code. Uses no code of the lab.
     */
    static void warmUp() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            JTextPane pane = new JTextPane();
            Style style = pane.addStyle("warm-up", pane.getStyle(StyleContext.DEFAULT_STYLE));
            StyleConstants.setBold(style, true);
            try {
                pane.getStyledDocument().insertString(0, "warm-up\n", style);
            } catch (BadLocationException cannotHappen) {
                throw new IllegalStateException(cannotHappen);
            }
            pane.setCaretPosition(pane.getDocument().getLength());
            JPanel panel = new JPanel(new GridBagLayout());
            panel.add(new JScrollPane(pane));
            panel.add(new JTextField("warm-up"));
            panel.add(new JTextArea("warm-up"));
            panel.add(new JLabel("warm-up"));
            panel.add(new JButton("warm-up"));
            panel.doLayout();
        });
        new SwingWorker<Void, Void>() { // and the SwingWorker's thread pool
            @Override
            protected Void doInBackground() {
                return null;
            }
        }.execute();
    }

    /** Whether the EDT runs a task we give it within the time: false if something blocks it. */
    static boolean respondsWithin(Duration wait) {
        CountDownLatch ran = new CountDownLatch(1);
        SwingUtilities.invokeLater(ran::countDown);
        try {
            return ran.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Forgets what threads threw before a test. */
    static void clearUncaught() {
        uncaught.clear();
        todos.clear();
    }

    /**
     * What threads threw, uncaught, during this test, as a sentence to add to a failure; empty
     * if nothing. If one of them is a "TODO" of the starter, it is thrown instead, so that the
     * score table says which step is not written yet.
     */
    static String uncaughtSoFar() {
        if (!todos.isEmpty()) {
            throw todos.get(0);
        }
        return uncaught.isEmpty() ? "" : ". Meanwhile " + String.join("; ", uncaught);
    }
}

package chatlab;

import javax.swing.SwingUtilities;
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

    static final Duration WAIT = Duration.ofSeconds(3);

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

    /** Computes a value on the EDT and waits for it; fails if the EDT does not get to it within 3 s. */
    static <T> T call(String what, Callable<T> action) {
        FutureTask<T> task = new FutureTask<>(action);
        SwingUtilities.invokeLater(task);
        try {
            return task.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException busy) {
            throw new AssertionError("the event dispatch thread did not finish " + what + " within "
                    + WAIT.toSeconds() + " s: it is blocked. Does code on the EDT wait for the network"
                    + " (connect, readLine, a loop reading the server)? That freezes the window.");
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

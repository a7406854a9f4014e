package chatlab.testkit;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the threads a test started (servers, handlers, writers) died of. A student's server
 * thread that dies of "TODO Step 3" leaves the test only a closed connection ("but was: null");
 * the score table then says "not written yet: TODO Step 3" instead, and the stack trace goes to
 * the run's stack-trace file instead of the console above the table.
 */
public final class ThreadFailures {

    /** One thread's failure; {@code uncaught} if it ended the thread (else a {@link Background} caught it). */
    public record Failure(Thread thread, Throwable error, boolean uncaught) {
    }

    private static final Pattern TODO_STEP = Pattern.compile("^TODO Step (\\d+)\\b");

    private static final List<Failure> FAILURES = new CopyOnWriteArrayList<>();
    /** Threads alive when the current test started: they belong to earlier tests. */
    private static volatile Set<Thread> earlier = Set.of();
    /** Set while a graded run records failures itself: the console then stays clean. */
    private static volatile boolean recorded;

    private ThreadFailures() {
    }

    /** From now on the stack traces of uncaught failures are not printed: the graded run files them. */
    public static void recordedByGrading() {
        recorded = true;
    }

    /**
     * Starts a new test: forgets earlier failures and records the failures of threads started
     * from now on (the grading listener calls it before each test; a test may call it again).
     */
    public static synchronized void startTest() {
        FAILURES.clear();
        earlier = Set.copyOf(Thread.getAllStackTraces().keySet());
        Thread.setDefaultUncaughtExceptionHandler(ThreadFailures::uncaught);
    }

    /** Called for a thread that dies of an exception nobody caught. */
    private static void uncaught(Thread thread, Throwable error) {
        record(thread, error, true);
        if (!recorded) {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace();
        }
    }

    /** Records a failure that a helper thread caught (e.g. {@link Background}'s serve()). */
    static void caught(Thread thread, Throwable error) {
        record(thread, error, false);
    }

    private static void record(Thread thread, Throwable error, boolean uncaught) {
        if (!earlier.contains(thread)) {
            FAILURES.add(new Failure(thread, error, uncaught));
        }
    }

    /** The failures of threads started since the current test began, oldest first. */
    public static List<Failure> sinceTestStart() {
        return List.copyOf(FAILURES);
    }

    /**
     * The first "TODO Step n" a thread of the current test died of with n at most
     * {@code maxStep} (a step the test needs), or any step if {@code maxStep} is null.
     */
    public static Optional<Failure> firstTodo(Integer maxStep) {
        for (Failure failure : FAILURES) {
            int step = todoStep(failure.error());
            if (step > 0 && (maxStep == null || step <= maxStep)) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }

    /** The step of a TODO exception, or 0 if the error is not one. */
    public static int todoStep(Throwable error) {
        if (!(error instanceof UnsupportedOperationException)) {
            return 0;
        }
        Matcher todo = TODO_STEP.matcher(String.valueOf(error.getMessage()));
        return todo.find() ? Integer.parseInt(todo.group(1)) : 0;
    }
}

package chatlab.grading;

import chatlab.grading.TestResult.Status;
import chatlab.testkit.Background;
import chatlab.testkit.TestLibraries;
import chatlab.testkit.ThreadFailures;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Records every graded test of a run into {@code result.json}.
 *
 * <p>JUnit finds this listener by itself (it is registered in META-INF/services). It is active
 * only when the system property {@code grading.result} names the file to write, which the kit's
 * build sets. The file is rewritten after every test, so if student code kills the test JVM
 * (System.exit, a crash) the file still tells which tests ran and which never did.
 */
public class GradingListener implements TestExecutionListener {

    private final Path resultFile;
    private final String lab;
    private final String mode;
    /** The student's language: result.json holds names and reasons in it (and their English). */
    private final Feedback feedback;
    /** One entry per test method, keyed by "class#method", in plan order. */
    private final Map<String, TestResult> results = new LinkedHashMap<>();
    /** Tests started and not finished: the ones to blame if the JVM stops under our feet. */
    private final Set<String> running = new LinkedHashSet<>();
    private boolean finished;

    static final String STOPPED_DURING = "the test JVM stopped during this test: does the code call"
            + " System.exit() or Runtime.halt()? (A server or a client must return or throw, never end the JVM.)";

    public GradingListener() {
        this(System.getProperty("grading.result"), System.getProperty("grading.lab", "lab"),
                System.getProperty("grading.mode", Mode.STUDENT.label()));
    }

    GradingListener(String resultFile, String lab, String mode) {
        this(resultFile, lab, mode, Feedback.load(GradingListener.class.getClassLoader()));
    }

    GradingListener(String resultFile, String lab, String mode, Feedback feedback) {
        this.resultFile = resultFile == null || resultFile.isBlank() ? null : Path.of(resultFile);
        this.lab = lab;
        this.mode = mode;
        this.feedback = feedback;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan plan) {
        if (resultFile == null) {
            return;
        }
        finished = false;
        ThreadFailures.recordedByGrading();
        // Before the first test's time bound starts: a loaded machine once took 10 s for this.
        TestLibraries.warmUp();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier each : plan.getDescendants(root)) {
                methodOf(each).ifPresent(method -> results.putIfAbsent(idOf(method), planned(method, each)));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::recordUnexpectedExit, "grading-exit-check"));
        save(false);
    }

    @Override
    public synchronized void executionStarted(TestIdentifier identifier) {
        if (identifier.isTest()) {
            ThreadFailures.startTest();
            Background.testStarted();
        }
        methodOf(identifier).ifPresent(method -> {
            running.add(idOf(method));
            // Written now, so that a JVM stopped by Runtime.halt (no shutdown hook runs) still
            // leaves the test that was running marked in result.json.
            if (resultFile != null) {
                results.computeIfPresent(idOf(method), (id, result) -> result.status() == Status.NOT_RUN
                        && result.reason() == null ? result.withOutcome(Status.NOT_RUN, STOPPED_DURING) : result);
                save(false);
            }
        });
    }

    /**
     * Runs when the JVM shuts down. If the tests had not finished, the code under test called
     * System.exit (or the JVM was killed): the tests that were running get the blame.
     */
    private synchronized void recordUnexpectedExit() {
        if (finished) {
            return;
        }
        String reason = STOPPED_DURING;
        for (String id : running) {
            results.computeIfPresent(id, (key, result) -> result.withOutcome(Status.FAILED, reason));
            System.err.println("[grading] " + results.get(id).name() + ": " + reason);
        }
        save(false);
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier identifier, String reason) {
        forEachResultOf(identifier, result -> result.status() == Status.NOT_RUN
                && (result.reason() == null || result.reason().equals(STOPPED_DURING))
                ? result.withOutcome(Status.NOT_RUN, "skipped: " + reason) : result);
    }

    @Override
    public synchronized void executionFinished(TestIdentifier identifier, TestExecutionResult outcome) {
        try {
            record(identifier, outcome);
        } finally {
            if (identifier.isTest()) {
                // A serve() that spins forever would keep a CPU busy until the run ends: see Background.
                Background.stopLeftovers();
            }
        }
    }

    private void record(TestIdentifier identifier, TestExecutionResult outcome) {
        methodOf(identifier).ifPresent(method -> running.remove(idOf(method)));
        if (outcome.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            if (identifier.isTest()) {
                forEachResultOf(identifier, result -> result.status() == Status.NOT_RUN
                        ? result.withOutcome(Status.PASSED, null) : result);
            }
            return;
        }
        Throwable failure = outcome.getThrowable().orElse(null);
        String reason = outcome.getStatus() == TestExecutionResult.Status.ABORTED
                ? "not run: " + Reasons.of(failure) : todoBehind(identifier, failure, Reasons.of(failure));
        // The first failure of a test method is its reason (e.g. the first failing repetition).
        forEachResultOf(identifier, result -> result.status() == Status.FAILED
                ? result : result.withOutcome(Status.FAILED, reason));
    }

    /**
     * When a thread the test started (a server, a handler) died of the TODO of a step this test
     * needs, the test only saw its effect (a closed connection, no reply): say which TODO it was.
     */
    private String todoBehind(TestIdentifier identifier, Throwable failure, String reason) {
        if (!identifier.isTest() || ThreadFailures.todoStep(failure) > 0) {
            return reason;
        }
        Integer step = methodOf(identifier).map(method -> results.get(idOf(method))).map(TestResult::step).orElse(null);
        return ThreadFailures.firstTodo(step).map(todo -> Reasons.shorten("not written yet: "
                + Reasons.oneLine(todo.error().getMessage()) + " (the thread \"" + todo.thread().getName()
                + "\" died of it; the test saw: " + reason + ")")).orElse(reason);
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        finished = true;
        if (resultFile != null) {
            save(true);
        }
    }

    /** Applies a change to the test this identifier is, or to every test of the class it is. */
    private void forEachResultOf(TestIdentifier identifier, UnaryOperator<TestResult> change) {
        if (resultFile == null) {
            return;
        }
        TestSource source = identifier.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            results.computeIfPresent(idOf(method), (id, result) -> change.apply(result));
        } else if (source instanceof ClassSource type) {
            // A failure of the class itself (e.g. in @BeforeAll) fails every test it holds.
            String prefix = type.getClassName();
            results.replaceAll((id, result) -> id.startsWith(prefix + "#") || id.startsWith(prefix + "$")
                    ? change.apply(result) : result);
        } else {
            return;
        }
        save(false);
    }

    private static Optional<MethodSource> methodOf(TestIdentifier identifier) {
        return identifier.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
    }

    private static String idOf(MethodSource method) {
        return method.getClassName() + "#" + method.getMethodName();
    }

    private static TestResult planned(MethodSource source, TestIdentifier identifier) {
        int points = 0;
        boolean givenCode = false;
        Integer step = null;
        Integer penalty = null;
        try {
            Method method = source.getJavaMethod();
            Points declared = method.getAnnotation(Points.class);
            points = declared == null ? 0 : declared.value();
            givenCode = method.isAnnotationPresent(ChecksGivenCode.class);
            Step declaredStep = annotation(method, source.getJavaClass(), Step.class);
            step = declaredStep == null ? null : declaredStep.value();
            Guard guard = annotation(method, source.getJavaClass(), Guard.class);
            penalty = guard == null ? null : guard.penalty();
        } catch (RuntimeException cannotLoad) {
            // Reported as a test without points; the score report names it.
        }
        return new TestResult(idOf(source), identifier.getDisplayName(), points, givenCode, Status.NOT_RUN, null,
                step, penalty);
    }

    /**
     * The annotation on the test method, else on its class (the class JUnit runs it in, which
     * may inherit the method), its superclasses, or the classes a @Nested class is in.
     */
    static <A extends Annotation> A annotation(Method method, Class<?> testClass, Class<A> type) {
        A found = method.getAnnotation(type);
        // Up the superclasses, and out of @Nested (inner, non-static) classes.
        for (Class<?> outer = testClass; found == null && outer != null;
             outer = Modifier.isStatic(outer.getModifiers()) ? null : outer.getEnclosingClass()) {
            for (Class<?> each = outer; found == null && each != null && each != Object.class;
                 each = each.getSuperclass()) {
                found = each.getAnnotation(type);
            }
        }
        return found;
    }

    private void save(boolean complete) {
        try {
            // Kept in English while the tests run; written in the student's language.
            List<TestResult> written = results.values().stream().map(result -> result.in(feedback)).toList();
            new LabResult(lab, mode, complete, written, feedback.language()).write(resultFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the grading result " + resultFile, e);
        }
    }
}

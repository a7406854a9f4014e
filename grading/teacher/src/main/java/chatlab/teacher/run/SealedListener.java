package chatlab.teacher.run;

import chatlab.grading.Reasons;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells the grader, over the {@link SealedChannel}, what JUnit does: the planned test methods,
 * each start, each outcome, and the end of the plan. The grader, not this JVM, turns these into
 * points, from its own list of tests and points.
 *
 * <p>Messages, tab-separated: {@code plan id...}, {@code start id}, {@code PASSED|FAILED|NOT_RUN id reason},
 * {@code end}. A failure of a whole class (e.g. in {@code @BeforeAll}) fails each of its tests.
 */
final class SealedListener implements TestExecutionListener {

    private final SealedChannel channel;
    private final Set<String> planned = new LinkedHashSet<>();
    /** Tests with an outcome sent. A failure is final; a pass can still turn into a failure of its class. */
    private final Map<String, String> decided = new HashMap<>();
    /** Per test method, how many of its identifiers are running (a parameterized test has one per invocation). */
    private final Map<String, Integer> open = new HashMap<>();
    /** The first failure of each test method still running: the method fails, whatever later invocations do. */
    private final Map<String, String> firstFailure = new HashMap<>();

    SealedListener(SealedChannel channel) {
        this.channel = channel;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan plan) {
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier each : plan.getDescendants(root)) {
                idOf(each).ifPresent(planned::add);
            }
        }
        List<String> message = new ArrayList<>(List.of("plan"));
        message.addAll(planned);
        channel.send(String.join("\t", message));
    }

    @Override
    public synchronized void executionStarted(TestIdentifier identifier) {
        idOf(identifier).ifPresent(id -> {
            if (open.merge(id, 1, Integer::sum) == 1) {
                channel.send("start\t" + id);
            }
        });
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier identifier, String reason) {
        for (String id : testsOf(identifier)) {
            if (!open.containsKey(id)) {
                decide(id, "NOT_RUN", "skipped: " + reason);
            }
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier identifier, TestExecutionResult outcome) {
        if (outcome.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            Throwable failure = outcome.getThrowable().orElse(null);
            String reason = outcome.getStatus() == TestExecutionResult.Status.ABORTED
                    ? "not run: " + Reasons.of(failure) : Reasons.of(failure);
            for (String id : testsOf(identifier)) {
                firstFailure.putIfAbsent(id, reason);
                if (!open.containsKey(id)) {
                    // A whole class failed (e.g. in @BeforeAll or @AfterAll): each of its tests fails, as in the kit's listener.
                    decide(id, "FAILED", firstFailure.get(id));
                }
            }
        }
        idOf(identifier).ifPresent(id -> {
            if (open.merge(id, -1, Integer::sum) == 0) {
                open.remove(id);
                String failure = firstFailure.remove(id);
                decide(id, failure == null ? "PASSED" : "FAILED", failure == null ? "" : failure);
            }
        });
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        channel.send("end");
    }

    private void decide(String id, String status, String reason) {
        String before = decided.get(id);
        if (planned.contains(id) && (before == null || before.equals("PASSED") && status.equals("FAILED"))) {
            decided.put(id, status);
            channel.send(status + "\t" + id + "\t" + reason.replace('\t', ' ').replace('\n', ' '));
        }
    }

    /** The planned test methods an event is about: one method, or every method of a class that failed as a whole. */
    private List<String> testsOf(TestIdentifier identifier) {
        TestSource source = identifier.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return List.of(method.getClassName() + "#" + method.getMethodName());
        }
        if (source instanceof ClassSource type) {
            String prefix = type.getClassName();
            return planned.stream().filter(id -> id.startsWith(prefix + "#") || id.startsWith(prefix + "$")).toList();
        }
        return List.of();
    }

    private static java.util.Optional<String> idOf(TestIdentifier identifier) {
        return identifier.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(method -> method.getClassName() + "#" + method.getMethodName());
    }
}

package chatlab.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/** Finds the threads that are still running the lab's code (the server, its handlers). */
public final class LabThreads {

    private LabThreads() {
    }

    /**
     * Every live thread, other than the caller and the one named {@code except}, with a frame of
     * the lab's code on its stack, described as "name (at Class.method)". An idle thread of a
     * thread pool has no such frame, so pools are fine; a handler still reading a client is not.
     */
    public static List<String> runningLabCode(String except) {
        return runningLabCode(except, Set.of());
    }

    /** Every live thread of the JVM now, to pass later to {@link #runningLabCode(String, Set)}. */
    public static Set<Thread> snapshot() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * As {@link #runningLabCode(String)}, but only threads not in {@code before} (a
     * {@link #snapshot()} taken when the test began): what one test's server left behind, whatever
     * earlier tests left, so that a verdict never depends on the order the tests ran in.
     */
    public static List<String> runningLabCode(String except, Set<Thread> before) {
        Thread me = Thread.currentThread();
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey() != me && entry.getKey().isAlive()
                        && !before.contains(entry.getKey())
                        && !entry.getKey().getName().equals(except))
                .filter(entry -> labFrame(entry.getValue()) != null)
                .map(entry -> describe(entry))
                .collect(Collectors.toList());
    }

    /**
     * The CPU time that the threads running the lab's code (those not in {@code before}) use
     * during {@code window}, in which the test does nothing: a server with nothing to do should
     * use next to none, a thread that polls in a loop instead of blocking uses a whole core.
     */
    public static Duration cpuTimeWhileIdle(Duration window, Set<Thread> before) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isThreadCpuTimeSupported()) {
            return Duration.ZERO;
        }
        bean.setThreadCpuTimeEnabled(true);
        Thread me = Thread.currentThread();
        Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
        List<Thread> lab = threads.keySet().stream()
                .filter(thread -> thread != me && !before.contains(thread) && labFrame(threads.get(thread)) != null)
                .collect(Collectors.toList());
        long[] start = lab.stream().mapToLong(thread -> bean.getThreadCpuTime(thread.getId())).toArray();
        LockSupport.parkNanos(window.toNanos()); // a measuring window, not a synchronisation
        long used = 0;
        for (int i = 0; i < lab.size(); i++) {
            long end = bean.getThreadCpuTime(lab.get(i).getId());
            if (end >= 0 && start[i] >= 0) {
                used += end - start[i];
            }
        }
        return Duration.ofNanos(used);
    }

    private static String describe(Map.Entry<Thread, StackTraceElement[]> entry) {
        StackTraceElement frame = labFrame(entry.getValue());
        return "'" + entry.getKey().getName() + "' (in " + frame.getClassName().replace("chatlab.", "") + "."
                + frame.getMethodName() + ")";
    }

    private static StackTraceElement labFrame(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            String topLevel = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
            boolean lab = type.startsWith("chatlab.") && topLevel.indexOf('.', "chatlab.".length()) < 0;
            // Lab code is a class right in package chatlab (not chatlab.testkit), and not a test.
            if (lab && !topLevel.endsWith("Test")) {
                return frame;
            }
        }
        return null;
    }
}

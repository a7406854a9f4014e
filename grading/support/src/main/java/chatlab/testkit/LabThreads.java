package chatlab.testkit;

import java.util.List;
import java.util.Map;
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
        Thread me = Thread.currentThread();
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey() != me && entry.getKey().isAlive()
                        && !entry.getKey().getName().equals(except))
                .filter(entry -> labFrame(entry.getValue()) != null)
                .map(entry -> describe(entry))
                .collect(Collectors.toList());
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

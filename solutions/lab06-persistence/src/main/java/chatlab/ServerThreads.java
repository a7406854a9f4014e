package chatlab;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Starts the server's threads, one reader per client: <b>virtual threads</b> when the JDK has them
 * (Java 21 and later), ordinary platform threads otherwise.
 *
 * <p>Why it matters: a platform thread is an operating-system thread. It costs about 100 KB of
 * memory, and each time it waits for a line and wakes up again the kernel switches threads. One
 * per client is nothing for a class of 30, and a lecture hall is fine too as long as a thread wakes
 * up once per line it <i>reads</i>, not once per line it <i>sends</i> (see {@link ClientConnection};
 * docs/BENCHMARKS.md measures both kinds). A virtual thread keeps the same simple code — a read that
 * waits — but the JVM parks and resumes it by itself, on a few operating-system threads, for a few
 * KB of memory.
 *
 * <p>The kit compiles for Java 17, which has no {@code Thread.ofVirtual()}, so the method is looked
 * up once, when the server starts. {@code -Dchat.threads=platform} keeps platform threads (to
 * compare the two).
 */
final class ServerThreads {

    /** {@code Thread.ofVirtual()}, and the two methods of its builder we use; null on Java 17 to 20. */
    private static final Method OF_VIRTUAL;
    private static final Method NAME;
    private static final Method START;

    static {
        Method ofVirtual = null;
        Method name = null;
        Method start = null;
        if (!"platform".equals(System.getProperty("chat.threads"))) {
            try {
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                ofVirtual = Thread.class.getMethod("ofVirtual");
                name = builder.getMethod("name", String.class);
                start = builder.getMethod("start", Runnable.class);
            } catch (ReflectiveOperationException olderJava) {
                ofVirtual = null; // Java 17 to 20: platform threads
            }
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        START = start;
    }

    private ServerThreads() {
    }

    /** Whether {@link #start} starts virtual threads. */
    static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    /** Starts a thread with this name that runs the task. */
    static void start(String name, Runnable task) {
        if (OF_VIRTUAL == null) {
            new Thread(task, name).start();
            return;
        }
        try {
            START.invoke(NAME.invoke(OF_VIRTUAL.invoke(null), name), task); // Thread.ofVirtual().name(name).start(task)
        } catch (IllegalAccessException | InvocationTargetException cannotHappen) {
            throw new IllegalStateException("cannot start a virtual thread", cannotHappen);
        }
    }
}

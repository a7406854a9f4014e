package chatlab.teacher;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes sure that every process a test run started is gone when the run ends.
 *
 * <p>The test JVM starts in a session of its own ({@code setsid}), so it and everything it starts
 * form one process group, killed as a whole (while a process of the run is in it: an empty
 * group's number may already lead somebody else's group). A process that leaves the group (its own
 * {@code setsid}, a double fork) is still found by the run's marker: an environment variable
 * with a random value that every child inherits, looked for in {@code /proc/<pid>/environ}; and
 * every process seen descending from the run while it lived (looked at 10 times a second). Only
 * a process that leaves the session, clears its environment and leaves the tree within a tenth
 * of a second could escape all three; in a
 * sandbox ({@link Sandbox}) the PID namespace ends with the run and takes it along. Where the
 * system has none of this (no {@code setsid}, no {@code /proc}) the run's descendants are killed.
 */
final class ProcessTree {

    /** The environment variable whose value marks every process of one run. */
    static final String MARKER_VARIABLE = "CHATLAB_GRADING_RUN";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path PROC = Path.of("/proc");
    private static final int SWEEPS = 20;

    private ProcessTree() {
    }

    /** The command, started in a new session when the system can do that. */
    static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SETSID.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Remembers, while the run lives, every process descending from it: a child that later
     * leaves the session and loses its parent (the JVM ended) is still known by its handle.
     */
    static final class Watch implements AutoCloseable {
        private static final long EVERY_MILLIS = 100;
        private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        private final Thread thread;

        Watch(Process process, boolean active) {
            thread = new Thread(() -> {
                if (!active) {
                    return;
                }
                try {
                    while (process.isAlive()) {
                        process.descendants().forEach(seen::add);
                        Thread.sleep(EVERY_MILLIS);
                    }
                } catch (InterruptedException stop) {
                    // The run is over.
                }
            }, "watch-" + process.pid());
            thread.setDaemon(true);
            thread.start();
        }

        List<ProcessHandle> seen() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /**
     * Kills the process, its group, its descendants, every process seen descending from it and
     * every process carrying the run's marker, until none is left (a process busy forking gets
     * several sweeps). A handle kills only the process it was taken of, never a later one with the
     * same number.
     */
    static void killAll(Process process, String marker, Watch watch) throws InterruptedException {
        long group = process.pid();
        long ended = uptimeTicks();
        watch.close();
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            List<ProcessHandle> found = new ArrayList<>();
            watch.seen().stream().filter(ProcessHandle::isAlive).forEach(found::add);
            List.copyOf(found).forEach(handle -> handle.descendants().forEach(found::add));
            process.descendants().forEach(found::add);
            found.addAll(marked(marker));
            if (process.isAlive()) {
                found.add(process.toHandle());
            }
            killGroup(group, ended);
            if (found.isEmpty()) {
                break;
            }
            found.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle each : found) {
                each.onExit().toCompletableFuture().completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Processes whose environment carries this run's marker (readable for our own processes). */
    static List<ProcessHandle> marked(String marker) {
        if (!Files.isDirectory(PROC)) {
            return List.of();
        }
        byte[] wanted = (MARKER_VARIABLE + "=" + marker).getBytes(StandardCharsets.US_ASCII);
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == ProcessHandle.current().pid()) {
                    continue;
                }
                try {
                    if (contains(Files.readAllBytes(entry.resolve("environ")), wanted)) {
                        ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                    }
                } catch (IOException | SecurityException gone) {
                    // Ended meanwhile, or not ours to read: not one of the run's processes.
                }
            }
        } catch (IOException unreadable) {
            return found;
        }
        return found;
    }

    /**
     * Whether the process group still has a process that began before this moment (the end of
     * the run, in clock ticks since boot, as {@link #uptimeTicks()}). Once a group is empty its
     * number is free: the system may give it to a new process that leads a group of its own (the
     * next run's, or anybody's), and a kill by number would hit that group. True where /proc
     * cannot tell.
     */
    static boolean hasMemberFrom(long group, long beforeTicks) {
        if (beforeTicks < 0 || !Files.isDirectory(PROC)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    long[] groupAndStart = groupAndStart(entry);
                    if (groupAndStart != null && groupAndStart[0] == group && groupAndStart[1] < beforeTicks) {
                        return true;
                    }
                }
            }
        } catch (IOException unreadable) {
            return true;
        }
        return false;
    }

    /**
     * Now, in the clock ticks since boot in which /proc gives a process's start (1/100 s on
     * Linux); -1 where the system does not say.
     */
    static long uptimeTicks() {
        try {
            String seconds = Files.readString(PROC.resolve("uptime"), StandardCharsets.US_ASCII).split(" ")[0];
            return new BigDecimal(seconds).movePointRight(2).longValue();
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /** A /proc entry's process group and start (ticks since boot), from its stat line; null if gone. */
    private static long[] groupAndStart(Path entry) {
        try {
            String stat = Files.readString(entry.resolve("stat"), StandardCharsets.US_ASCII);
            // The fields after the command's name (which may hold spaces): state, ppid, pgrp, ...,
            // starttime is the 22nd field of the line, the 20th of these.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[19])};
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /**
     * SIGKILL to the whole process group (the session setsid made), while a process of the run is
     * still in it ({@link #hasMemberFrom}); nothing once the group is gone.
     */
    private static void killGroup(long group, long runEnded) throws InterruptedException {
        if (!Files.isExecutable(SETSID) || !hasMemberFrom(group, runEnded)) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + group)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException noKill) {
            // No kill command: the descendants and the marked processes are still killed one by one.
        }
    }

    private static boolean contains(byte[] environment, byte[] wanted) {
        // Entries are NUL-separated "NAME=value"; match a whole entry.
        int start = 0;
        for (int i = 0; i <= environment.length; i++) {
            if (i == environment.length || environment[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(environment, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}

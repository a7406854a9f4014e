package chatlab.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How many files (sockets included) the test JVM has open: a leaked socket shows up here.
 *
 * <p>Counted from the folder where the operating system lists a process's open files
 * ({@code /proc/self/fd} on Linux, {@code /dev/fd} on macOS), not with
 * {@code com.sun.management.UnixOperatingSystemMXBean}: the batch grader's test JVMs leave out
 * the jdk.management module, whose diagnostic beans could dump the JVM's memory.
 */
public final class OpenFiles {

    private static final Path[] LISTINGS = {Path.of("/proc/self/fd"), Path.of("/dev/fd")};

    private OpenFiles() {
    }

    /** Whether the count is available (on Linux and macOS; not on Windows). */
    public static boolean countable() {
        return count() >= 0;
    }

    /** The number of open file descriptors of this JVM, or -1 where it cannot be counted. */
    public static long count() {
        for (Path listing : LISTINGS) {
            if (Files.isDirectory(listing)) {
                try (Stream<Path> open = Files.list(listing)) {
                    return open.count() - 1; // listing the folder opens it too
                } catch (IOException | SecurityException unreadable) {
                    return -1;
                }
            }
        }
        return -1;
    }
}

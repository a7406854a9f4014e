package chatlab.testkit;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** How many files (sockets included) the test JVM has open: a leaked socket shows up here. */
public final class OpenFiles {

    private OpenFiles() {
    }

    /** Whether the count is available (on Linux and macOS; not on Windows). */
    public static boolean countable() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean;
    }

    /** The number of open file descriptors of this JVM, or -1 where it cannot be counted. */
    public static long count() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }
}

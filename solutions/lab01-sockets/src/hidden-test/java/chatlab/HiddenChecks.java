package chatlab;

import chatlab.testkit.OpenFiles;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** What the hidden tests of lab 01 need besides the public tests' helpers. */
final class HiddenChecks {

    private HiddenChecks() {
    }

    /**
     * An address of this machine other than 127.0.0.1: a server must listen on every address,
     * not only the one a test happens to use. On Linux the whole of 127.0.0.0/8 is this machine;
     * elsewhere (macOS) it falls back to the machine's own LAN address.
     */
    static String otherLocalAddress() {
        for (String candidate : new String[] {"127.0.0.2", lanAddress()}) {
            if (candidate != null && reachable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("this machine has no address besides 127.0.0.1 to test with");
    }

    private static String lanAddress() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            return local.isLoopbackAddress() ? null : local.getHostAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether a test's own TCP and UDP sockets can use this address. */
    private static boolean reachable(String address) {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(address));
             Socket client = new Socket();
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
            client.connect(listener.getLocalSocketAddress(), 1_000);
            return true;
        } catch (IOException notHere) {
            return false;
        }
    }

    /** The number of files and sockets this JVM has open, or -1 where the JVM cannot tell (Windows). */
    static long openFileDescriptors() {
        return OpenFiles.count();
    }

    /**
     * Watches how many more file descriptors the JVM holds than when it was made. A socket that
     * code forgot to close is closed by the garbage collector some time after it became
     * unreachable, so a leak shows only until the next collection: the watch collects garbage
     * first, and keeps the highest count it sampled.
     */
    static final class FdWatch {
        private final long before;
        private long highest;

        FdWatch() {
            collectGarbage();
            before = openFileDescriptors();
            highest = before;
        }

        void sample() {
            highest = Math.max(highest, openFileDescriptors());
        }

        /** The most descriptors held above the start, or 0 where they cannot be counted. */
        long growth() {
            sample();
            return before < 0 ? 0 : highest - before;
        }

        private static void collectGarbage() {
            // Sockets leaked by earlier tests are closed by cleaners after a collection: let them
            // finish, so that they do not fall during the watch and hide a new leak.
            for (int i = 0; i < 3; i++) {
                System.gc();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

package chatlab.teacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a test run executes: in a bubblewrap ({@code bwrap}) or container sandbox when the
 * machine offers one, or directly ({@code none}). In a sandbox the run sees only what it needs,
 * read-only (the JDK, the test libraries, its own copies of the kit's compiled tests and of the
 * student's classes), writes only to its own work, home and temporary folders, has no network
 * but a private loopback, and lives in a PID namespace that dies with it. The kit, ~/.m2, the
 * session's snapshot and the other submissions are out of its reach.
 */
final class Sandbox {

    /** The sandboxes the grader knows, as named on the command line. */
    enum Kind {
        AUTO, BWRAP, DOCKER, PODMAN, NONE;

        static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("--sandbox must be auto, bwrap, docker, podman or none, not '" + name + "'");
            }
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a run needs from the file system.
     *
     * @param readOnly files and folders it reads (JDK aside): classpath, argument file
     * @param writable folders it writes: its work folder, home, result folder
     * @param work     its working folder
     * @param home     its home folder
     */
    record Layout(List<Path> readOnly, List<Path> writable, Path work, Path home) {
    }

    /** The files of /etc a JVM reads; the rest of /etc (passwords, keys) stays out. */
    private static final List<String> ETC = List.of("hosts", "nsswitch.conf", "localtime", "timezone", "passwd",
            "group", "fonts", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "ssl/certs",
            "ca-certificates");
    private static final String IMAGE_PREFIX = "eclipse-temurin:";

    private final Kind kind;
    private final String executable;
    private final String why;

    private Sandbox(Kind kind, String executable, String why) {
        this.kind = kind;
        this.executable = executable;
        this.why = why;
    }

    /**
     * The sandbox to use: the one asked for, which must work, or for {@code auto} the first that
     * works among bwrap, docker and podman, else none.
     */
    static Sandbox choose(Kind wanted) {
        if (wanted == Kind.NONE) {
            return new Sandbox(Kind.NONE, null, "asked for");
        }
        List<Kind> candidates = wanted == Kind.AUTO ? List.of(Kind.BWRAP, Kind.DOCKER, Kind.PODMAN) : List.of(wanted);
        List<String> tried = new ArrayList<>();
        for (Kind candidate : candidates) {
            String executable = find(candidate.label());
            if (executable == null) {
                tried.add(candidate.label() + ": not installed");
            } else if (!works(candidate, executable)) {
                tried.add(candidate.label() + (candidate == Kind.BWRAP ? ": cannot create namespaces here"
                        : ": no engine answers"));
            } else {
                return new Sandbox(candidate, executable, wanted == Kind.AUTO ? "found" : "asked for");
            }
        }
        if (wanted != Kind.AUTO) {
            throw new IllegalArgumentException("--sandbox " + wanted.label() + " is not available: " + String.join("; ", tried));
        }
        return new Sandbox(Kind.NONE, null, "no sandbox available (" + String.join("; ", tried) + ")");
    }

    Kind kind() {
        return kind;
    }

    boolean isolated() {
        return kind != Kind.NONE;
    }

    /** One line for the output and the report, e.g. "bwrap (found)". */
    String describe() {
        return kind.label() + " (" + why + ")";
    }

    /** The test JVM's command, wrapped to run inside the sandbox. */
    List<String> wrap(List<String> java, Layout layout) throws IOException {
        return switch (kind) {
            case NONE, AUTO -> java;
            case BWRAP -> bubblewrap(java, layout);
            case DOCKER, PODMAN -> container(java, layout);
        };
    }

    private List<String> bubblewrap(List<String> java, Layout layout) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable, "--die-with-parent", "--new-session",
                "--unshare-all", "--cap-drop", "ALL", "--clearenv", "--proc", "/proc", "--dev", "/dev",
                "--tmpfs", "/tmp"));
        command.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("bin", "lib", "lib32", "lib64", "sbin")) {
            Path path = Path.of("/", top);
            if (Files.isSymbolicLink(path)) {
                command.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), path.toString()));
            } else if (Files.isDirectory(path)) {
                command.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            }
        }
        Set<Path> readOnly = new LinkedHashSet<>();
        for (String entry : ETC) {
            readOnly.add(Path.of("/etc", entry));
        }
        try (var etc = Files.list(Path.of("/etc"))) {
            etc.filter(path -> path.getFileName().toString().startsWith("java")).forEach(readOnly::add);
        } catch (IOException noEtc) {
            // Not a usual Linux: the JDK's own files are bound below.
        }
        Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        readOnly.add(javaHome);
        readOnly.addAll(layout.readOnly());
        for (Path path : readOnly) {
            if (Files.exists(path) && !path.startsWith("/usr")) {
                command.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            }
        }
        for (Path path : layout.writable()) {
            command.addAll(List.of("--bind", path.toString(), path.toString()));
        }
        command.addAll(List.of("--setenv", "HOME", layout.home().toString(), "--setenv", "PATH", "/usr/bin:/bin",
                "--setenv", "LANG", "C.UTF-8", "--chdir", layout.work().toString(), "--"));
        command.addAll(java);
        return command;
    }

    /**
     * A throw-away container of the JDK's official image (the grader's Java feature version),
     * with the same folders mounted at the same paths, so the command runs unchanged.
     */
    private List<String> container(List<String> java, Layout layout) {
        List<String> command = new ArrayList<>(List.of(executable, "run", "--rm", "-i", "--network", "none",
                "--read-only", "--tmpfs", "/tmp", "--pids-limit", "512", "--memory", "1g", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges", "-e", "HOME=" + layout.home(), "-w", layout.work().toString()));
        for (Path path : layout.readOnly()) {
            command.addAll(List.of("-v", path + ":" + path + ":ro"));
        }
        for (Path path : layout.writable()) {
            command.addAll(List.of("-v", path + ":" + path));
        }
        command.add(IMAGE_PREFIX + Runtime.version().feature() + "-jdk");
        command.add("java");
        command.addAll(java.subList(1, java.size()));
        return command;
    }

    private static String find(String name) {
        for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** A quick probe: bwrap can create its namespaces, or the container engine answers. */
    private static boolean works(Kind kind, String executable) {
        List<String> probe = kind == Kind.BWRAP
                ? List.of(executable, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc",
                        "--dev", "/dev", "--", "true")
                : List.of(executable, "info");
        try {
            Process process = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

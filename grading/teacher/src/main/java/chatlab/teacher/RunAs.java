package chatlab.teacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the student's code as another, unprivileged user, as Gradescope advises for autograders
 * that start as root: the grader (root) keeps the kit, its solutions and the results to itself;
 * the test JVM, started with {@code runuser -u USER --}, can read only its classpath and write
 * only its own job folder. Chosen with {@code grade --run-as USER} (system property
 * {@value #PROPERTY}); off by default. Made for one submission per machine (Gradescope's
 * container): submissions graded side by side all run as the same user.
 */
final class RunAs {

    static final String PROPERTY = "chatlab.runAs";
    private static final Set<PosixFilePermission> READABLE = EnumSet.of(PosixFilePermission.OTHERS_READ);
    private static final Map<Path, Path> COPIES = new LinkedHashMap<>();

    private RunAs() {
    }

    static String user() {
        return System.getProperty(PROPERTY, "").trim();
    }

    static boolean active() {
        return !user().isEmpty();
    }

    /**
     * The classpath as the user can read it: each entry is copied once into {@code shared} (a
     * jar in root's Maven repository is out of its reach), and made readable there.
     */
    static synchronized List<Path> readable(List<Path> classpath, Path shared) throws IOException {
        if (!active()) {
            return classpath;
        }
        closeOthers(shared);
        List<Path> readable = new ArrayList<>();
        for (Path entry : classpath) {
            Path copy = COPIES.get(entry);
            if (copy == null || !Files.exists(copy)) {
                copy = shared.resolve("cp-" + COPIES.size() + "-" + entry.getFileName());
                if (Files.isDirectory(entry)) {
                    KitBuild.copyTree(entry, copy);
                } else {
                    Files.createDirectories(shared);
                    Files.copy(entry, copy);
                }
                openToOthers(copy);
                traversable(shared);
                COPIES.put(entry, copy);
            }
            readable.add(copy);
        }
        return readable;
    }

    /** The command run as the user, in a job folder that the user owns. */
    static List<String> wrap(List<String> command, Path job) throws IOException {
        if (!active()) {
            return command;
        }
        UserPrincipal owner = job.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user());
        try (Stream<Path> paths = Files.walk(job)) {
            for (Path path : paths.toList()) {
                Files.setOwner(path, owner);
            }
        }
        traversable(job.getParent());
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user(), "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * In the session's work folder, everything but the shared classpath and the job folders is
     * closed to others: the kit's snapshot with the reference solution's classes, the unpacked
     * submissions.
     */
    private static void closeOthers(Path shared) throws IOException {
        Path work = shared.toAbsolutePath().getParent();
        try (Stream<Path> children = Files.list(work)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.equals(shared.getFileName().toString()) && !name.equals("jobs") && !name.equals("reference")) {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(child);
                    permissions.removeAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                            PosixFilePermission.OTHERS_EXECUTE));
                    Files.setPosixFilePermissions(child, permissions);
                }
            }
        }
    }

    /** Others may read every file and enter every folder of a tree. */
    private static void openToOthers(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                permissions.addAll(READABLE);
                if (Files.isDirectory(path)) {
                    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                Files.setPosixFilePermissions(path, permissions);
            }
        }
    }

    /** Others may pass through a folder and its ancestors (not list them). */
    private static void traversable(Path folder) throws IOException {
        for (Path each = folder.toAbsolutePath(); each != null; each = each.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(each);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(each, permissions);
            }
        }
    }
}

package chatlab.teacher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One student's copy of the kit: a folder, or a .zip of one. Only the student's
 * {@code labNN-x/src/main/java} (and {@code src/main/resources}) are ever used: the tests in the
 * copy are ignored, the kit's own tests grade it.
 */
public final class Submission {

    /** Folders never searched for a lab: build output, version control, an IDE's, a zip tool's. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", ".idea", ".vscode", "node_modules",
            "__MACOSX", "solutions", "out", "bin", "build");
    private static final int SEARCH_DEPTH = 4;
    /** Bounds for unpacking an untrusted zip. */
    private static final long MAX_UNZIPPED_BYTES = 200L * 1024 * 1024;
    private static final int MAX_ENTRIES = 20_000;

    private final String student;
    private final Path source;
    private Path root;

    private Submission(String student, Path source) {
        this.student = student;
        this.source = source;
    }

    /** Every submission in a folder: each sub-folder and each .zip file is one student's, by name. */
    public static List<Submission> findAll(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("the submissions folder " + folder + " does not exist");
        }
        List<Submission> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted().toList()) {
                String fileName = entry.getFileName().toString();
                boolean zip = Files.isRegularFile(entry) && fileName.toLowerCase(Locale.ROOT).endsWith(".zip");
                if (fileName.startsWith(".") || !(zip || Files.isDirectory(entry))) {
                    continue;
                }
                String student = safeName(zip ? fileName.substring(0, fileName.length() - 4) : fileName);
                if (names.contains(student)) {
                    throw new IOException("two submissions in " + folder + " belong to '" + student
                            + "' (a folder and a zip?): keep one");
                }
                names.add(student);
                found.add(new Submission(student, entry.toAbsolutePath()));
            }
        }
        if (found.isEmpty()) {
            throw new IOException("no submissions in " + folder + ": expected one folder or .zip per student");
        }
        return found;
    }

    /** A name usable as a file name and a CSV cell: letters, digits, '.', '_' and '-'. */
    static String safeName(String name) {
        String safe = name.replaceAll("[^\\p{L}\\p{N}._-]+", "_");
        return safe.isEmpty() ? "student" : safe;
    }

    /** The same student's submission, read from another folder (the commit graded at a deadline). */
    Submission withSource(Path folder) {
        return new Submission(student, folder.toAbsolutePath());
    }

    public String student() {
        return student;
    }

    public Path source() {
        return source;
    }

    /**
     * The folder of this student's copy of a lab, if the submission has one with sources: the
     * shallowest folder named like the lab that holds src/main/java.
     *
     * @param unpackInto where a zip submission is unpacked (once)
     */
    public Optional<Path> labFolder(String lab, Path unpackInto) throws IOException {
        Deque<Path> queue = new ArrayDeque<>(List.of(root(unpackInto)));
        Deque<Integer> depths = new ArrayDeque<>(List.of(0));
        while (!queue.isEmpty()) {
            Path folder = queue.removeFirst();
            int depth = depths.removeFirst();
            if (folder.getFileName() != null && folder.getFileName().toString().equals(lab)
                    && Files.isDirectory(folder.resolve("src/main/java"))) {
                return Optional.of(folder);
            }
            if (depth == SEARCH_DEPTH) {
                continue;
            }
            try (Stream<Path> children = Files.list(folder)) {
                for (Path child : children.sorted().toList()) {
                    if (Files.isDirectory(child) && !Files.isSymbolicLink(child)
                            && !SKIPPED.contains(child.getFileName().toString())) {
                        queue.addLast(child);
                        depths.addLast(depth + 1);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private synchronized Path root(Path unpackInto) throws IOException {
        if (root == null) {
            root = Files.isDirectory(source) ? source : unzip(source, unpackInto.resolve(student));
        }
        return root;
    }

    /** Unpacks a zip, refusing entries that would land outside the folder and bounding its size. */
    static Path unzip(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        Path target = into.toAbsolutePath().normalize();
        long written = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (++entries > MAX_ENTRIES) {
                    throw new IOException(zip + " holds more than " + MAX_ENTRIES + " files");
                }
                Path path = target.resolve(entry.getName().replace('\\', '/')).normalize();
                if (!path.startsWith(target) || entry.getName().contains("/target/")) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (OutputStream out = Files.newOutputStream(path)) {
                    for (int read; (read = in.read(buffer)) > 0; ) {
                        written += read;
                        if (written > MAX_UNZIPPED_BYTES) {
                            throw new IOException(zip + " unpacks to more than " + MAX_UNZIPPED_BYTES / (1024 * 1024) + " MB");
                        }
                        out.write(buffer, 0, read);
                    }
                }
            }
        } catch (IllegalArgumentException | java.util.zip.ZipException broken) {
            throw new IOException(zip + " is not a readable zip file (" + broken.getMessage() + ")", broken);
        }
        return target;
    }

    @Override
    public String toString() {
        return student;
    }
}

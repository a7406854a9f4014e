package chatlab.teacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder's files held in the grader's memory, read once before any student code runs. Each
 * run gets its own copy written from here: whatever a run does to files on disk (the session's
 * snapshot of the kit, a submission), the next run starts from the same bytes.
 */
final class FileTree {

    /** Bounds what one folder may bring into memory (a submission's sources, the kit's tests). */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Map<String, byte[]> files;

    private FileTree(Map<String, byte[]> files) {
        this.files = files;
    }

    static FileTree empty() {
        return new FileTree(Map.of());
    }

    static FileTree of(Map<String, byte[]> files) {
        return new FileTree(Map.copyOf(files));
    }

    /** Reads every regular file under the folder (symbolic links are not followed); a missing folder is empty. */
    static FileTree read(Path folder) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return new FileTree(files);
        }
        long total = 0;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted().toList()) {
                if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    byte[] bytes = Files.readAllBytes(path);
                    total += bytes.length;
                    if (total > MAX_BYTES) {
                        throw new IOException(folder + " holds more than " + MAX_BYTES / (1024 * 1024) + " MB");
                    }
                    files.put(folder.relativize(path).toString().replace('\\', '/'), bytes);
                }
            }
        }
        return new FileTree(files);
    }

    /** The same files without those whose relative path ("chatlab/X.class") matches. */
    FileTree without(java.util.function.Predicate<String> left) {
        Map<String, byte[]> kept = new LinkedHashMap<>(files);
        kept.keySet().removeIf(left);
        return new FileTree(kept);
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    Map<String, byte[]> files() {
        return files;
    }

    /** True if the folder holds exactly these files, byte for byte: nothing was changed, added or removed. */
    boolean sameAs(Path folder) {
        try {
            FileTree now = read(folder);
            if (!now.files.keySet().equals(files.keySet())) {
                return false;
            }
            return files.entrySet().stream().allMatch(file -> java.util.Arrays.equals(file.getValue(), now.files.get(file.getKey())));
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            return false;
        }
    }

    /** Writes a fresh copy into the folder (created if needed) and returns it. */
    Path writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = folder.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        return folder;
    }
}

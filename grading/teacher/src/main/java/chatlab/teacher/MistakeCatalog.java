package chatlab.teacher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A lab's catalogue of student mistakes: one variant of the reference solution per mistake, kept
 * as a patch in {@code solutions/labNN-x/mistakes/<id>.patch}. A patch starts with a header, then
 * a unified diff relative to the solution module ({@code a/src/main/java/...}):
 * <pre>
 * Mistake: decodes the client's bytes with the platform charset
 * Kind: subtle
 * Caught-by: EchoServerTest#keepsAccentsAndEmoji, EchoServerHiddenTest#longMultiByteLine
 * </pre>
 * {@code Kind: correct} marks a correct variant written differently from the solution: it must
 * score full marks. Every other kind must lose points, at least in the tests it names.
 */
public final class MistakeCatalog {

    /** How a variant must score. */
    public enum Kind {
        CLASSIC, SUBTLE, CORRECT;

        static Kind parse(String text, Path patch) throws IOException {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(patch + ": 'Kind: " + text.trim() + "' must be classic, subtle or correct");
            }
        }
    }

    /**
     * One catalogued variant.
     *
     * @param lab      the lab's module name, e.g. "lab01-sockets"
     * @param id       the patch's file name without ".patch"
     * @param kind     classic or subtle mistake, or a correct variant
     * @param mistake  the header's one-line description
     * @param caughtBy the tests ("Class#method", simple class name) that must fail; empty for a correct variant
     * @param patch    the patch file
     */
    public record Variant(String lab, String id, Kind kind, String mistake, List<String> caughtBy, Path patch) {

        public boolean correct() {
            return kind == Kind.CORRECT;
        }
    }

    private MistakeCatalog() {
    }

    /** The variants of one lab, sorted by id; none if the lab has no catalogue. */
    public static List<Variant> of(Kit.Lab lab) throws IOException {
        if (lab.solution() == null || !Files.isDirectory(lab.solution().resolve("mistakes"))) {
            return List.of();
        }
        List<Variant> variants = new ArrayList<>();
        try (Stream<Path> patches = Files.list(lab.solution().resolve("mistakes"))) {
            for (Path patch : patches.filter(p -> p.toString().endsWith(".patch")).sorted().toList()) {
                variants.add(read(lab.name(), patch));
            }
        }
        return variants;
    }

    static Variant read(String lab, Path patch) throws IOException {
        String mistake = null;
        Kind kind = null;
        List<String> caughtBy = null;
        for (String line : Files.readAllLines(patch, StandardCharsets.UTF_8)) {
            if (line.startsWith("--- ") || line.startsWith("diff ")) {
                break; // the header ends where the diff starts
            }
            String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).trim() : "";
            if (line.startsWith("Mistake:")) {
                mistake = value;
            } else if (line.startsWith("Kind:")) {
                kind = Kind.parse(value, patch);
            } else if (line.startsWith("Caught-by:")) {
                caughtBy = value.isEmpty() || value.equalsIgnoreCase("none") ? List.of()
                        : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            }
        }
        if (mistake == null || kind == null || caughtBy == null) {
            throw new IOException(patch + ": the header needs 'Mistake:', 'Kind:' and 'Caught-by:' lines before the diff");
        }
        if (kind != Kind.CORRECT && caughtBy.isEmpty()) {
            throw new IOException(patch + ": a mistake must name the test(s) that catch it in 'Caught-by:'");
        }
        String id = patch.getFileName().toString().replaceFirst("\\.patch$", "");
        return new Variant(lab, id, kind, mistake, caughtBy, patch);
    }
}

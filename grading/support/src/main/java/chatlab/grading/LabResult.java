package chatlab.grading;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One lab's graded run: the machine-readable {@code target/grading/result.json}.
 * The format is documented in grading/README.md; the batch grader reads it back.
 *
 * @param lab      the lab's module name, e.g. "lab01-sockets"
 * @param mode     "student", "solution" or "starter" (see {@link Mode})
 * @param complete false while tests are still running, or if the test JVM died mid-way
 * @param tests    one entry per graded test, in the order they were planned
 * @param language the language of the tests' names and reasons, "en" or "it" ({@link Feedback});
 *                 absent (null) in files written before translations existed: English
 */
public record LabResult(String lab, String mode, boolean complete, List<TestResult> tests, String language) {

    /** A result in English. */
    public LabResult(String lab, String mode, boolean complete, List<TestResult> tests) {
        this(lab, mode, complete, tests, Feedback.ENGLISH);
    }

    @Override
    public String language() {
        return language == null ? Feedback.ENGLISH : language;
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Points earned: the passed tests' points, less the penalties of broken guards, never below 0. */
    public int points() {
        int earned = tests.stream().mapToInt(TestResult::earned).sum();
        int deducted = tests.stream().mapToInt(TestResult::deducted).sum();
        return Math.max(0, earned - deducted);
    }

    public int maxPoints() {
        return tests.stream().mapToInt(TestResult::points).sum();
    }

    public static LabResult read(Path file) throws IOException {
        LabResult result = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), LabResult.class);
        if (result == null || result.tests() == null) {
            throw new IOException(file + " holds no lab result");
        }
        return result;
    }

    /** Writes atomically, so a reader never sees half a file even if the JVM dies while writing. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, GSON.toJson(this), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

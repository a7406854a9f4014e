package chatlab.teacher;

import chatlab.grading.LabResult;
import com.google.gson.Gson;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The grades an output folder already holds (results/STUDENT/LAB.json and LAB.verdict.json), so
 * that a re-grade of one student or one lab keeps everybody else's as they were.
 */
final class PreviousSession {

    /** Written beside each lab's result.json: what result.json does not say. */
    static final String VERDICT_SUFFIX = ".verdict.json";

    private PreviousSession() {
    }

    static List<LabGrade> load(Path output) throws IOException {
        List<LabGrade> grades = new ArrayList<>();
        Path results = output.resolve("results");
        if (!Files.isDirectory(results)) {
            throw new IOException(output + " holds no earlier grading (no results/ folder): grade without --regrade first");
        }
        try (Stream<Path> students = Files.list(results)) {
            for (Path folder : students.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path verdictFile : files.filter(file -> file.getFileName().toString().endsWith(VERDICT_SUFFIX))
                            .sorted().toList()) {
                        String lab = verdictFile.getFileName().toString().replace(VERDICT_SUFFIX, "");
                        Path resultFile = folder.resolve(lab + ".json");
                        if (Files.isRegularFile(resultFile)) {
                            grades.add(read(folder.getFileName().toString(), lab, verdictFile, resultFile));
                        }
                    }
                }
            }
        }
        return grades;
    }

    private static LabGrade read(String student, String lab, Path verdictFile, Path resultFile) throws IOException {
        JsonObject verdict = new Gson().fromJson(Files.readString(verdictFile, StandardCharsets.UTF_8), JsonObject.class);
        Path outputFile = resultFile.resolveSibling(lab + ".output.txt");
        String output = Files.isRegularFile(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
        return new LabGrade(student, lab, verdictOf(text(verdict, "verdict")), LabResult.read(resultFile),
                text(verdict, "detail"), output, verdict.has("outputBytes") ? verdict.get("outputBytes").getAsLong() : 0,
                Duration.ofMillis(verdict.has("millis") ? verdict.get("millis").getAsLong() : 0));
    }

    static String json(LabGrade grade) {
        JsonObject verdict = new JsonObject();
        verdict.addProperty("verdict", grade.verdict().label());
        verdict.addProperty("detail", grade.detail());
        verdict.addProperty("outputBytes", grade.outputBytes());
        verdict.addProperty("millis", grade.took().toMillis());
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(verdict);
    }

    private static Verdict verdictOf(String label) {
        for (Verdict verdict : Verdict.values()) {
            if (verdict.label().equals(label)) {
                return verdict;
            }
        }
        return Verdict.GRADED;
    }

    private static String text(JsonObject object, String field) {
        return object.has(field) && !object.get(field).isJsonNull() ? object.get(field).getAsString() : "";
    }
}

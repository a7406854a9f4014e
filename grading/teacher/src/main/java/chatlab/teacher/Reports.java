package chatlab.teacher;

import chatlab.grading.TestResult;
import chatlab.grading.Texts;
import chatlab.grading.TestResult.Status;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes what a grading session produces: gradebook, feedback files, raw results, Gradescope files. */
public final class Reports {

    /** Lines of a run's output shown in a feedback file when the run went wrong. */
    static final int OUTPUT_LINES_SHOWN = 30;

    private Reports() {
    }

    public static void writeAll(ClassGrades grades, Path output, boolean gradescope) throws IOException {
        writeAll(grades, output, gradescope, WeekOptions.DEFAULT, null, grades.students(), "en");
    }

    /**
     * Writes the session's outputs. The class-wide files (gradebook, report, runs) always cover
     * every student; the per-student files only {@code graded} (on a re-grade, the others' stay).
     */
    static void writeAll(ClassGrades grades, Path output, boolean gradescope, WeekOptions week,
                         List<Gradebook.Student> roster, List<String> graded, String language) throws IOException {
        write(output.resolve("gradebook.csv"), Gradebook.csv(grades, roster, week.csvFormat(), week.scale()));
        write(output.resolve("not-submitted.csv"), Gradebook.notSubmittedCsv(grades.notes().notSubmitted, week.csvFormat()));
        write(output.resolve("report.html"), HtmlReport.of(grades).replace("</body>", WeekReport.sections(grades)
                + "</body>"));
        write(output.resolve("runs.csv"), runs(grades));
        WeekReport.writePages(grades, output);
        for (String student : graded) {
            write(output.resolve("feedback").resolve(student + ".md"), feedback(grades, student, language));
            write(output.resolve("teacher").resolve(student + ".md"), WeekReport.teacherView(grades, student));
            for (LabGrade grade : grades.gradesOf(student)) {
                Path raw = output.resolve("results").resolve(student);
                grade.result().write(raw.resolve(grade.lab() + ".json"));
                write(raw.resolve(grade.lab() + ".output.txt"), grade.output());
                write(raw.resolve(grade.lab() + PreviousSession.VERDICT_SUFFIX), PreviousSession.json(grade));
            }
            if (gradescope) {
                write(output.resolve("gradescope").resolve(student).resolve("results.json"),
                        gradescope(grades, student, week.hiddenAfterDueDate(), language));
            }
        }
    }

    /** One row per graded lab run: verdict, points and seconds, to find what made a grading session slow. */
    static String runs(ClassGrades grades) {
        StringBuilder csv = new StringBuilder("student,lab,verdict,points,max,seconds\r\n");
        for (String student : grades.students()) {
            for (LabGrade grade : grades.gradesOf(student)) {
                csv.append(cell(student)).append(',').append(grade.lab()).append(',').append(grade.verdict().label())
                        .append(',').append(grade.points()).append(',').append(grade.maxPoints()).append(',')
                        .append(String.format(java.util.Locale.ROOT, "%.1f", grade.took().toMillis() / 1000.0))
                        .append("\r\n");
            }
        }
        return csv.toString();
    }

    /** A CSV cell, quoted when it must be (RFC 4180). */
    static String cell(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** A student's feedback: every lab, every test, its points, and the reason of each failure. */
    static String feedback(ClassGrades grades, String student) {
        return feedback(grades, student, "en");
    }

    /**
     * The feedback in this language ("it" or "en"): its own words from the bundle chatlab/i18n/teacher;
     * the tests' names and reasons are in result.json's language (the grading session's).
     */
    static String feedback(ClassGrades grades, String student, String language) {
        Texts texts = Texts.of("teacher", language);
        StringBuilder text = new StringBuilder();
        text.append(texts.get("feedback.title", student)).append("\n\n");
        text.append(texts.get("feedback.total", grades.total(student), grades.maxTotal())).append("\n\n");
        text.append(texts.get("feedback.labs.header")).append("\n|---|---:|---|\n");
        for (LabGrade grade : grades.gradesOf(student)) {
            text.append("| ").append(grade.lab()).append(" | ").append(grade.points()).append('/')
                    .append(grade.maxPoints()).append(" | ").append(verdict(grade.verdict(), texts)).append(" |\n");
        }
        for (LabGrade grade : grades.gradesOf(student)) {
            text.append("\n## ").append(texts.get("feedback.lab", grade.lab(), grade.points(), grade.maxPoints(),
                    verdict(grade.verdict(), texts))).append("\n\n");
            if (!grade.detail().isBlank()) {
                text.append(indentedIfMultiline(grade.detail())).append("\n\n");
            }
            text.append(IntegrityReport.feedback(grade));
            text.append(texts.get("feedback.tests.header")).append("\n|---|---:|---|\n");
            for (TestResult test : graded(grade)) {
                text.append("| ").append(label(test.status(), texts)).append(" | ").append(test.earned()).append('/')
                        .append(test.points()).append(" | ").append(tableCell(test.name()))
                        .append(grades.notes().hidden(grade.lab(), test.id()) ? " *" + texts.get("feedback.hidden") + "*"
                                : "").append(" |\n");
            }
            List<TestResult> failed = graded(grade).stream()
                    .filter(test -> test.status() == Status.FAILED).toList();
            if (!failed.isEmpty()) {
                text.append("\n").append(texts.get("feedback.wrong")).append("\n\n");
                for (TestResult test : failed) {
                    text.append("- **").append(test.name()).append("** (0/").append(test.points()).append("): ")
                            .append(test.reason() == null ? texts.get("feedback.failed") : test.reason()).append('\n');
                }
            }
            if (grade.verdict() != Verdict.GRADED && !grade.output().isBlank()) {
                List<String> lines = grade.output().lines().limit(OUTPUT_LINES_SHOWN).toList();
                text.append("\n").append(texts.get("feedback.output", lines.size())).append("\n\n```\n")
                        .append(String.join("\n", lines)).append("\n```\n");
            }
        }
        return text.toString();
    }

    /**
     * The tests that carry points, and the guards (rules whose break costs a penalty): a kit may
     * have ungraded checks, e.g. real-window tests skipped without a screen.
     */
    static List<TestResult> graded(LabGrade grade) {
        return grade.tests().stream().filter(test -> test.points() > 0 || test.guard()).toList();
    }

    private static String indentedIfMultiline(String detail) {
        int newline = detail.indexOf('\n');
        if (newline < 0) {
            return detail;
        }
        return detail.substring(0, newline) + "\n\n```\n" + detail.substring(newline + 1) + "\n```";
    }

    static String label(Status status) {
        return label(status, Texts.of("teacher", "en"));
    }

    static String label(Status status, Texts texts) {
        return switch (status) {
            case PASSED -> texts.get("status.passed");
            case FAILED -> texts.get("status.failed");
            case NOT_RUN -> texts.get("status.not.run");
        };
    }

    /** A verdict's label in the feedback's language. */
    static String verdict(Verdict verdict, Texts texts) {
        return texts.get("verdict." + verdict.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String tableCell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * Gradescope's results.json for one student: one entry per test, named after its lab.
     * In a Gradescope autograder, copy it to /autograder/results/results.json.
     */
    static String gradescope(ClassGrades grades, String student) {
        return gradescope(grades, student, false);
    }

    /**
     * Gradescope's results.json; with {@code hiddenAfterDueDate} the teacher's hidden tests are
     * shown to the student only after the assignment's due date ("after_due_date").
     */
    static String gradescope(ClassGrades grades, String student, boolean hiddenAfterDueDate) {
        return gradescope(grades, student, hiddenAfterDueDate, "en");
    }

    /** Gradescope's results.json, its own words in this language ("it" or "en"). */
    static String gradescope(ClassGrades grades, String student, boolean hiddenAfterDueDate, String language) {
        Texts texts = Texts.of("teacher", language);
        List<Map<String, Object>> tests = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (LabGrade grade : grades.gradesOf(student)) {
            summary.append(grade.lab()).append(": ").append(grade.points()).append('/').append(grade.maxPoints())
                    .append(" (").append(verdict(grade.verdict(), texts)).append(")\n");
            if (!grade.detail().isBlank()) {
                summary.append(grade.detail()).append('\n');
            }
            for (TestResult test : graded(grade)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                boolean hidden = grades.notes().hidden(grade.lab(), test.id());
                entry.put("name", grade.lab() + ": " + test.name() + (hidden ? " " + texts.get("feedback.hidden") : ""));
                entry.put("score", test.earned() - test.deducted());
                entry.put("max_score", test.points());
                entry.put("status", test.status() == Status.PASSED ? "passed" : "failed");
                if (test.reason() != null) {
                    entry.put("output", test.reason());
                }
                entry.put("visibility", hidden && hiddenAfterDueDate ? "after_due_date" : "visible");
                tests.add(entry);
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("score", grades.total(student));
        results.put("output", summary.toString().trim());
        results.put("visibility", "visible");
        results.put("tests", tests);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(results);
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}

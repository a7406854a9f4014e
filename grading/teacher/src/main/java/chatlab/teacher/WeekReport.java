package chatlab.teacher;

import chatlab.grading.TestResult;
import chatlab.grading.TestResult.Status;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of the class report and the files that serve the teacher's week: who did not
 * submit, who was late, which pairs of submissions look alike (with a side-by-side page per
 * pair), anomalies, and per student a teacher view with every failure's full reason and trace.
 */
final class WeekReport {

    /** Pairs listed per lab in report.html (and given a side-by-side page). */
    static final int PAIRS_SHOWN = 15;

    private WeekReport() {
    }

    /** The anomalies of one lab run: points over the maximum, and whatever a check flagged. */
    static List<String> anomalies(ClassGrades grades, LabGrade grade) {
        List<String> found = new ArrayList<>();
        if (grade.points() > grade.maxPoints()) {
            found.add("points over the maximum (" + grade.points() + "/" + grade.maxPoints() + ")");
        }
        found.addAll(grades.notes().flags(grade.student(), grade.lab()));
        return found;
    }

    /** report.html's sections for the week, inserted before the page's end. */
    static String sections(ClassGrades grades) {
        ClassNotes notes = grades.notes();
        StringBuilder html = new StringBuilder();
        html.append("<h2 id=\"not-submitted\">Did not submit</h2>\n");
        if (notes.notSubmitted.isEmpty()) {
            html.append("<p>Everybody submitted.</p>\n");
        } else {
            html.append("<table>\n<tr><th>student</th><th>why</th></tr>\n");
            notes.notSubmitted.forEach((student, why) -> html.append("<tr><td>").append(HtmlReport.escape(student))
                    .append("</td><td>").append(HtmlReport.escape(why)).append("</td></tr>\n"));
            html.append("</table>\n");
        }
        if (!notes.deadline.isEmpty()) {
            html.append("<h2 id=\"deadline\">Deadline</h2>\n<table>\n<tr><th>student</th><th>late</th><th>graded</th></tr>\n");
            for (Deadline.Outcome outcome : notes.deadline) {
                html.append("<tr><td>").append(HtmlReport.escape(outcome.student())).append("</td><td>")
                        .append(outcome.late() ? "<span class=\"tag\">late</span>" : "no").append("</td><td>")
                        .append(HtmlReport.escape(outcome.describe())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!notes.similar.isEmpty()) {
            html.append("<h2 id=\"similarity\">Similar submissions</h2>\n<p>JPlag, per lab, with the starter as base code:"
                    + " the share of two students' own code that matches, highest first. A high score is a reason to"
                    + " read both, not a verdict. Code JPlag cannot parse (that does not compile) is left out.</p>\n");
            for (Map.Entry<String, List<Similarity.Pair>> lab : notes.similar.entrySet()) {
                html.append("<h3>").append(HtmlReport.escape(lab.getKey())).append("</h3>\n");
                List<Similarity.Pair> pairs = shown(lab.getValue());
                if (pairs.isEmpty()) {
                    html.append("<p>No two submissions share code beyond the starter.</p>\n");
                    continue;
                }
                html.append("<table>\n<tr><th>rank</th><th>similarity</th><th>students</th><th>side by side</th></tr>\n");
                for (int rank = 0; rank < pairs.size(); rank++) {
                    Similarity.Pair pair = pairs.get(rank);
                    html.append("<tr><td class=\"score\">").append(rank + 1).append("</td><td class=\"score\">")
                            .append(String.format(Locale.ROOT, "%.0f %%", 100 * pair.similarity())).append("</td><td>")
                            .append(HtmlReport.escape(pair.first())).append(" and ").append(HtmlReport.escape(pair.second()))
                            .append("</td><td><a href=\"similarity/").append(HtmlReport.escape(lab.getKey())).append('/')
                            .append(HtmlReport.escape(pair.pageName())).append("\">compare</a></td></tr>\n");
                }
                html.append("</table>\n");
            }
        }
        return html.toString();
    }

    /** The pairs worth a look: the most similar ones that share any code of their own. */
    private static List<Similarity.Pair> shown(List<Similarity.Pair> pairs) {
        return pairs.stream().filter(pair -> pair.similarity() > 0).limit(PAIRS_SHOWN).toList();
    }

    /** The side-by-side page of each pair listed in the report. */
    static void writePages(ClassGrades grades, Path output) throws IOException {
        for (Map.Entry<String, List<Similarity.Pair>> lab : grades.notes().similar.entrySet()) {
            for (Similarity.Pair pair : shown(lab.getValue())) {
                Reports.write(output.resolve("similarity").resolve(lab.getKey()).resolve(pair.pageName()),
                        Similarity.sideBySide(lab.getKey(), pair));
            }
        }
    }

    /**
     * The teacher's view of one student: per lab the verdict and its detail, anomalies, how many
     * tests did not run, and for every failed test its id, whether it is hidden, and the full
     * reason with the stack trace.
     */
    static String teacherView(ClassGrades grades, String student) {
        ClassNotes notes = grades.notes();
        StringBuilder text = new StringBuilder("# ").append(student).append(" (teacher view)\n\n")
                .append("Total: ").append(grades.total(student)).append('/').append(grades.maxTotal())
                .append(". The student's own feedback: [feedback/").append(student).append(".md](../feedback/")
                .append(student).append(".md)\n");
        notes.deadline.stream().filter(outcome -> outcome.student().equals(student)).forEach(outcome ->
                text.append("\nDeadline: ").append(outcome.describe()).append('\n'));
        for (LabGrade grade : grades.gradesOf(student)) {
            text.append("\n## ").append(grade.lab()).append(": ").append(grade.points()).append('/')
                    .append(grade.maxPoints()).append(" (").append(grade.verdict().label()).append(")\n\n");
            if (notes.isUntouched(student, grade.lab())) {
                text.append("The lab is the starter as given (untouched).\n\n");
            }
            for (String anomaly : anomalies(grades, grade)) {
                text.append("- **anomaly:** ").append(anomaly).append('\n');
            }
            if (!grade.detail().isBlank()) {
                text.append("```\n").append(grade.detail().strip()).append("\n```\n\n");
            }
            List<TestResult> notRun = Reports.graded(grade).stream().filter(test -> test.status() == Status.NOT_RUN)
                    .toList();
            if (!notRun.isEmpty()) {
                text.append(notRun.size()).append(" test(s) did not run (").append(notRun.get(0).reason())
                        .append(").\n\n");
            }
            for (TestResult test : Reports.graded(grade)) {
                if (test.status() != Status.FAILED) {
                    continue;
                }
                text.append("### ").append(Reports.label(test.status())).append(' ').append(test.name())
                        .append(notes.hidden(grade.lab(), test.id()) ? " (hidden test)" : "").append("\n\n`")
                        .append(test.id()).append("`, ").append(test.points()).append(" point(s)\n\n");
                String trace = notes.trace(student, grade.lab(), test.id());
                text.append("```\n").append(trace != null ? trace.strip()
                        : test.reason() == null ? "(no reason recorded)" : test.reason()).append("\n```\n\n");
            }
        }
        return text.toString();
    }
}

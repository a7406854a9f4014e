package chatlab.teacher;

import java.util.List;

/**
 * What the report and the feedback say about integrity: where the tests ran, which runs were
 * flagged by the screening (file and line), and which results were tampered with.
 */
final class IntegrityReport {

    private IntegrityReport() {
    }

    /** The report's section "Flagged for review": one row per suspicious run, with every finding. */
    static String html(ClassGrades grades) {
        StringBuilder html = new StringBuilder("<h2>Flagged for review</h2>\n<p class=\"meta\">Tests ran in sandbox: ")
                .append(HtmlReport.escape(grades.sandbox())).append(". Flagged code is graded as usual: read it.</p>\n");
        List<LabGrade> suspicious = grades.students().stream().flatMap(student -> grades.gradesOf(student).stream())
                .filter(LabGrade::suspicious).toList();
        if (suspicious.isEmpty()) {
            return html.append("<p>No run was flagged, no result was tampered with.</p>\n").toString();
        }
        html.append("<table>\n<tr><th>student</th><th>lab</th><th>verdict</th><th>what to look at</th></tr>\n");
        for (LabGrade grade : suspicious) {
            html.append("<tr><td>").append(HtmlReport.escape(grade.student())).append("</td><td>")
                    .append(HtmlReport.escape(grade.lab())).append("</td><td>").append(HtmlReport.escape(grade.verdict().label()))
                    .append("</td><td class=\"reason\">");
            if (grade.verdict() == Verdict.TAMPERED) {
                html.append(HtmlReport.escape(grade.detail())).append("<br>");
            }
            html.append(String.join("<br>", grade.flags().stream().map(HtmlReport::escape).toList()))
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    /** The feedback's lines for a flagged lab, or nothing. */
    static String feedback(LabGrade grade) {
        if (grade.flags().isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("Flagged for your teacher: your compiled code does things no lab needs"
                + " (your points are counted as usual; your teacher will read this code):\n\n");
        grade.flags().forEach(flag -> text.append("- `").append(flag).append("`\n"));
        return text.append('\n').toString();
    }
}

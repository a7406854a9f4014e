package chatlab.teacher;

import chatlab.grading.TestResult;
import chatlab.grading.TestResult.Status;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The class report: one self-contained HTML page (no script, no external file) with the scores
 * table, a score distribution chart per lab drawn in SVG, and the tests most students failed.
 */
final class HtmlReport {

    /** Score bins of the distribution charts: 0-9 %, 10-19 %, ..., 90-99 %, and full marks apart. */
    private static final int BINS = 11;
    private static final int MOST_FAILED_SHOWN = 12;

    private HtmlReport() {
    }

    static String of(ClassGrades grades) {
        StringBuilder html = new StringBuilder();
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Chat Lab Kit - class report</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
                  h1 { margin-bottom: 0.2em; }
                  .meta { color: #666; margin-top: 0; }
                  table { border-collapse: collapse; margin: 1em 0; }
                  th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
                  th { background: #f0f0f0; }
                  td.score { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
                  .tag { font-size: 0.75em; color: #fff; background: #b00; border-radius: 3px; padding: 0 0.3em; margin-left: 0.4em; }
                  .charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
                  figure { margin: 0; }
                  figcaption { font-weight: bold; margin-bottom: 0.3em; }
                  .reason { color: #555; font-size: 0.9em; }
                </style>
                </head>
                <body>
                """);
        html.append("<h1>Chat Lab Kit - class report</h1>\n");
        html.append("<p class=\"meta\">").append(grades.students().size()).append(" submission(s), ")
                .append(grades.labs().size()).append(" lab(s), graded ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(". Class average: ").append(percent(average(grades), grades.maxTotal())).append(".</p>\n");
        labSummary(grades, html);
        charts(grades, html);
        scoresTable(grades, html);
        mostFailed(grades, html);
        html.append(IntegrityReport.html(grades));
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void labSummary(ClassGrades grades, StringBuilder html) {
        html.append("<h2>Labs</h2>\n<table>\n<tr><th>lab</th><th>max</th><th>average</th><th>full marks</th>"
                + "<th>does not compile</th><th>time limit</th><th>stopped early</th><th>missing</th></tr>\n");
        for (String lab : grades.labs()) {
            List<LabGrade> all = grades.gradesFor(lab);
            Map<Verdict, Long> verdicts = all.stream().collect(Collectors.groupingBy(LabGrade::verdict, Collectors.counting()));
            double average = all.stream().mapToInt(LabGrade::points).average().orElse(0);
            long full = all.stream().filter(grade -> grade.points() == grade.maxPoints()).count();
            html.append("<tr><td>").append(escape(lab)).append("</td><td class=\"score\">").append(grades.maxPoints(lab))
                    .append("</td><td class=\"score\">").append(String.format("%.1f", average))
                    .append("</td><td class=\"score\">").append(full);
            for (Verdict verdict : List.of(Verdict.COMPILE_ERROR, Verdict.TIMED_OUT, Verdict.STOPPED, Verdict.MISSING)) {
                html.append("</td><td class=\"score\">").append(verdicts.getOrDefault(verdict, 0L));
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** A bar chart per lab: how many students fall in each score bin. */
    private static void charts(ClassGrades grades, StringBuilder html) {
        html.append("<h2>Score distribution</h2>\n<div class=\"charts\">\n");
        int width = 360;
        int height = 180;
        int left = 30;
        int bottom = 40;
        int barWidth = (width - left - 10) / BINS;
        for (String lab : grades.labs()) {
            int[] counts = new int[BINS];
            for (LabGrade grade : grades.gradesFor(lab)) {
                counts[bin(grade.points(), grade.maxPoints())]++;
            }
            int highest = Math.max(1, java.util.Arrays.stream(counts).max().orElse(1));
            int plot = height - bottom - 20;
            html.append("<figure><figcaption>").append(escape(lab)).append(" (max ").append(grades.maxPoints(lab))
                    .append(")</figcaption>\n");
            html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                    .append(height).append("\" role=\"img\" aria-label=\"score distribution of ").append(escape(lab))
                    .append("\">\n");
            html.append("<line x1=\"").append(left).append("\" y1=\"").append(height - bottom).append("\" x2=\"")
                    .append(width - 5).append("\" y2=\"").append(height - bottom).append("\" stroke=\"#888\"/>\n");
            html.append("<text x=\"2\" y=\"").append(height - bottom - plot + 10)
                    .append("\" font-size=\"11\" fill=\"#666\">").append(highest).append("</text>\n");
            for (int i = 0; i < BINS; i++) {
                int barHeight = counts[i] * plot / highest;
                int x = left + i * barWidth + 2;
                int y = height - bottom - barHeight;
                html.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
                        .append(barWidth - 4).append("\" height=\"").append(barHeight).append("\" fill=\"")
                        .append(i == BINS - 1 ? "#2e7d32" : "#1565c0").append("\"><title>").append(binLabel(i))
                        .append(": ").append(counts[i]).append(" student(s)</title></rect>\n");
                if (counts[i] > 0) {
                    html.append("<text x=\"").append(x + (barWidth - 4) / 2).append("\" y=\"").append(y - 3)
                            .append("\" font-size=\"11\" text-anchor=\"middle\">").append(counts[i]).append("</text>\n");
                }
                html.append("<text x=\"").append(x + (barWidth - 4) / 2).append("\" y=\"").append(height - bottom + 14)
                        .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#444\">")
                        .append(i == BINS - 1 ? "100" : String.valueOf(i * 10)).append("</text>\n");
            }
            html.append("<text x=\"").append(width / 2).append("\" y=\"").append(height - 8)
                    .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">score, % of max")
                    .append(" (bins of 10 %; green: full marks)</text>\n");
            html.append("</svg></figure>\n");
        }
        html.append("</div>\n");
    }

    private static int bin(int points, int max) {
        if (max <= 0 || points >= max) {
            return BINS - 1;
        }
        return Math.min(BINS - 2, points * 10 / max);
    }

    private static String binLabel(int bin) {
        return bin == BINS - 1 ? "full marks" : bin * 10 + "-" + (bin * 10 + 9) + " %";
    }

    private static void scoresTable(ClassGrades grades, StringBuilder html) {
        html.append("<h2>Scores</h2>\n<table>\n<tr><th>student</th>");
        for (String lab : grades.labs()) {
            html.append("<th>").append(escape(lab)).append(" (").append(grades.maxPoints(lab)).append(")</th>");
        }
        html.append("<th>total (").append(grades.maxTotal()).append(")</th><th>anomalies</th></tr>\n");
        for (String student : grades.students()) {
            // Each student links to their feedback and to the teacher view (full reasons and traces).
            html.append("<tr><td><a href=\"feedback/").append(escape(student)).append(".md\">").append(escape(student))
                    .append("</a> <small>(<a href=\"teacher/").append(escape(student)).append(".md\">details</a>)</small></td>");
            List<String> anomalies = new ArrayList<>();
            for (LabGrade grade : grades.gradesOf(student)) {
                html.append("<td class=\"score\" style=\"background:").append(shade(grade.points(), grade.maxPoints()))
                        .append("\">").append(grade.points()).append('/').append(grade.maxPoints());
                if (grade.verdict() != Verdict.GRADED) {
                    html.append("<span class=\"tag\">").append(escape(grade.verdict().label())).append("</span>");
                }
                if (!grade.flags().isEmpty()) {
                    html.append("<span class=\"tag\">flagged</span>");
                }
                html.append("</td>");
                WeekReport.anomalies(grades, grade).forEach(anomaly -> anomalies.add(grade.lab() + ": " + anomaly));
            }
            html.append("<td class=\"score\"><b>").append(grades.total(student)).append("</b></td><td>");
            anomalies.forEach(anomaly -> html.append("<span class=\"tag\">").append(escape(anomaly)).append("</span> "));
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** Red for nothing, yellow for half, green for full marks, all light enough to read on. */
    private static String shade(int points, int max) {
        double share = max == 0 ? 1 : (double) points / max;
        int hue = (int) Math.round(share * 120);
        return "hsl(" + hue + ", 70%, 85%)";
    }

    /** The tests that most students whose code ran did not pass, with the most frequent reason. */
    private static void mostFailed(ClassGrades grades, StringBuilder html) {
        record Failures(String lab, TestResult test, int failed, int ran, String reason) {
        }
        List<Failures> all = new ArrayList<>();
        for (String lab : grades.labs()) {
            // An untouched starter fails everything and says nothing about the exercise: left out.
            List<LabGrade> ran = grades.gradesFor(lab).stream()
                    .filter(grade -> grade.verdict() != Verdict.COMPILE_ERROR && grade.verdict() != Verdict.MISSING)
                    .filter(grade -> !grades.notes().isUntouched(grade.student(), lab))
                    .toList();
            for (TestResult test : grades.reference(lab).tests()) {
                if (test.points() == 0) {
                    continue; // not graded (e.g. a real-window check that needs a screen)
                }
                List<TestResult> failures = ran.stream()
                        .flatMap(grade -> grade.tests().stream())
                        .filter(each -> each.id().equals(test.id()) && each.status() != Status.PASSED)
                        .toList();
                if (!failures.isEmpty()) {
                    String reason = failures.stream().map(each -> each.reason() == null ? "" : each.reason())
                            .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()))
                            .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
                    all.add(new Failures(lab, test, failures.size(), ran.size(), reason));
                }
            }
        }
        all.sort(Comparator.comparingInt(Failures::failed).reversed()
                .thenComparing(Failures::lab).thenComparing(failures -> failures.test().name()));
        html.append("<h2>Most failed tests</h2>\n");
        if (all.isEmpty()) {
            html.append("<p>Every submission whose code ran passed every test.</p>\n");
            return;
        }
        html.append("<p>Among the submissions whose code compiled and ran, untouched starters left out.</p>\n<table>\n<tr><th>lab</th><th>test</th>"
                + "<th>points</th><th>not passed by</th><th>most frequent reason</th></tr>\n");
        for (Failures each : all.subList(0, Math.min(MOST_FAILED_SHOWN, all.size()))) {
            html.append("<tr><td>").append(escape(each.lab())).append("</td><td>").append(escape(each.test().name()))
                    .append("</td><td class=\"score\">").append(each.test().points())
                    .append("</td><td class=\"score\">").append(each.failed()).append(" of ").append(each.ran())
                    .append("</td><td class=\"reason\">").append(escape(each.reason())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static double average(ClassGrades grades) {
        return grades.students().stream().mapToInt(grades::total).average().orElse(0);
    }

    private static String percent(double value, int max) {
        return String.format("%.1f/%d (%.0f %%)", value, max, max == 0 ? 0 : 100 * value / max);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

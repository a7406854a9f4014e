package chatlab.teacher;

import de.jplag.JPlag;
import de.jplag.JPlagComparison;
import de.jplag.JPlagResult;
import de.jplag.Match;
import de.jplag.Token;
import de.jplag.exceptions.ExitException;
import de.jplag.options.JPlagOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Similarity of the submissions of one lab, with JPlag (Java language module): every pair of
 * students, ranked by how much of their code matches, with the lab's starter as base code so
 * that the code every student was given counts for nobody. Renaming variables, reordering
 * methods or changing comments does not hide a copy: JPlag compares token streams.
 */
final class Similarity {

    /** One pair of students and what their code shares. */
    record Pair(String first, String second, double similarity, List<Match> matches,
                List<Token> firstTokens, List<Token> secondTokens, Path firstRoot, Path secondRoot) {

        String pageName() {
            return Submission.safeName(first) + "--" + Submission.safeName(second) + ".html";
        }
    }

    private Similarity() {
    }

    /**
     * Compares every pair of students' sources of a lab.
     *
     * @param sources each student's src/main/java for this lab (students without one are left out)
     * @param starter the lab's starter src/main/java: the base code
     * @param work    an empty folder of this check's own
     * @return the pairs, most similar first; empty with fewer than two submissions
     */
    static List<Pair> compare(Map<String, Path> sources, Path starter, Path work) throws IOException {
        if (sources.size() < 2) {
            return List.of();
        }
        Path root = Files.createDirectories(work.resolve("submissions"));
        for (Map.Entry<String, Path> each : sources.entrySet()) {
            KitBuild.copyTree(each.getValue(), root.resolve(each.getKey()));
        }
        Path base = work.resolve("base");
        KitBuild.copyTree(starter, base);
        JPlagOptions options = new JPlagOptions(new de.jplag.java.Language(), Set.of(root.toFile()), Set.of())
                .withBaseCodeSubmissionDirectory(base.toFile())
                .withMaximumNumberOfComparisons(JPlagOptions.SHOW_ALL_COMPARISONS);
        JPlagResult result;
        try {
            result = new JPlag(options).run();
        } catch (ExitException | RuntimeException failed) {
            throw new IOException("JPlag could not compare the submissions: " + failed.getMessage(), failed);
        }
        List<Pair> pairs = new ArrayList<>();
        for (JPlagComparison comparison : result.getAllComparisons()) {
            pairs.add(new Pair(comparison.firstSubmission().getName(), comparison.secondSubmission().getName(),
                    comparison.similarity(), comparison.matches(), comparison.firstSubmission().getTokenList(),
                    comparison.secondSubmission().getTokenList(), comparison.firstSubmission().getRoot().toPath(),
                    comparison.secondSubmission().getRoot().toPath()));
        }
        pairs.sort(Comparator.comparingDouble(Pair::similarity).reversed().thenComparing(Pair::first)
                .thenComparing(Pair::second));
        return pairs;
    }

    /** A self-contained page: the two students' code side by side, each shared passage in its own colour. */
    static String sideBySide(String lab, Pair pair) throws IOException {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>%s: %s and %s</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 1em; }
                  .sides { display: flex; gap: 1em; align-items: flex-start; }
                  .side { flex: 1; min-width: 0; }
                  pre { font-size: 12px; background: #fafafa; border: 1px solid #ddd; padding: 0.5em; overflow-x: auto; }
                  .n { color: #999; user-select: none; }
                  h3 { font-size: 0.95em; margin: 0.8em 0 0.2em; }
                </style></head><body>
                """.formatted(HtmlReport.escape(lab), HtmlReport.escape(pair.first()), HtmlReport.escape(pair.second())));
        html.append("<h1>").append(HtmlReport.escape(lab)).append(": ").append(HtmlReport.escape(pair.first()))
                .append(" and ").append(HtmlReport.escape(pair.second())).append("</h1>\n<p>")
                .append(String.format(java.util.Locale.ROOT, "%.0f %%", 100 * pair.similarity()))
                .append(" of their own code matches (JPlag; the starter's code is left out). ")
                .append(pair.matches().size()).append(" shared passage(s), coloured alike on both sides.</p>\n");
        html.append("<div class=\"sides\">\n");
        side(html, pair.first(), pair.firstRoot(), marks(pair.matches(), pair.firstTokens(), true));
        side(html, pair.second(), pair.secondRoot(), marks(pair.matches(), pair.secondTokens(), false));
        html.append("</div>\n</body></html>\n");
        return html.toString();
    }

    /** For each file, the lines each match covers: line -> match number. */
    private static Map<File, Map<Integer, Integer>> marks(List<Match> matches, List<Token> tokens, boolean first) {
        Map<File, Map<Integer, Integer>> marks = new TreeMap<>();
        for (int number = 0; number < matches.size(); number++) {
            Match match = matches.get(number);
            int start = first ? match.startOfFirst() : match.startOfSecond();
            for (int index = start; index < start + match.length() && index < tokens.size(); index++) {
                Token token = tokens.get(index);
                if (token.getLine() > 0) {
                    marks.computeIfAbsent(token.getFile(), file -> new TreeMap<>()).putIfAbsent(token.getLine(), number);
                }
            }
        }
        return marks;
    }

    private static void side(StringBuilder html, String student, Path root, Map<File, Map<Integer, Integer>> marks)
            throws IOException {
        html.append("<div class=\"side\"><h2>").append(HtmlReport.escape(student)).append("</h2>\n");
        List<Path> files;
        try (var walk = Files.walk(root)) {
            files = walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            Map<Integer, Integer> lines = marks.getOrDefault(file.toFile(), marks.getOrDefault(file.toAbsolutePath()
                    .toFile(), Map.of()));
            html.append("<h3>").append(HtmlReport.escape(root.relativize(file).toString())).append("</h3>\n<pre>");
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                Integer match = lines.get(number);
                html.append("<span class=\"n\">").append(String.format("%4d ", number)).append("</span>");
                if (match != null) {
                    html.append("<span style=\"background:hsl(").append(match * 47 % 360).append(", 80%, 85%)\">")
                            .append(HtmlReport.escape(line)).append("</span>");
                } else {
                    html.append(HtmlReport.escape(line));
                }
                html.append('\n');
            }
            html.append("</pre>\n");
        }
        html.append("</div>\n");
    }
}

package chatlab.teacher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gradebook for an LMS: one row per student, in the roster's order when there is a roster
 * (id, name, email, folder), the points of each lab, the total, and optionally the total on
 * another scale (the Italian 30-point grade). Two CSV dialects: RFC 4180, and what a spreadsheet
 * in an Italian locale opens as it is (';', UTF-8 with a BOM, decimal comma).
 */
final class Gradebook {

    /** A CSV dialect. */
    enum Format {
        RFC4180("rfc4180", ',', false, '.'),
        EXCEL_IT("excel-it", ';', true, ',');

        final String label;
        final char separator;
        final boolean byteOrderMark;
        final char decimal;

        Format(String label, char separator, boolean byteOrderMark, char decimal) {
            this.label = label;
            this.separator = separator;
            this.byteOrderMark = byteOrderMark;
            this.decimal = decimal;
        }

        static Format of(String label) {
            for (Format format : values()) {
                if (format.label.equalsIgnoreCase(label)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown CSV format '" + label + "': use rfc4180 or excel-it");
        }
    }

    /** One student of the roster; {@code folder} is the submission's name (folder or zip, without .zip). */
    record Student(String id, String name, String email, String folder) {
    }

    private Gradebook() {
    }

    /** Reads a roster: a header naming id, name, email and folder (any order), ',' or ';' separated. */
    static List<Student> readRoster(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException("the roster " + file + " is empty");
        }
        char separator = lines.get(0).contains(";") ? ';' : ',';
        List<String> header = parse(lines.get(0), separator).stream().map(cell -> cell.trim().toLowerCase(Locale.ROOT))
                .toList();
        for (String column : List.of("id", "name", "email", "folder")) {
            if (!header.contains(column)) {
                throw new IOException("the roster " + file + " has no '" + column + "' column (its header must name id,"
                        + " name, email and folder)");
            }
        }
        List<Student> students = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = parse(line, separator);
            students.add(new Student(cell(cells, header.indexOf("id")), cell(cells, header.indexOf("name")),
                    cell(cells, header.indexOf("email")), Submission.safeName(cell(cells, header.indexOf("folder")))));
        }
        return students;
    }

    /**
     * The gradebook: with a roster, its students first in its order (a student who did not
     * submit gets empty cells), then submissions no roster line names; without one, the students
     * by name.
     */
    static String csv(ClassGrades grades, List<Student> roster, Format format, Integer scale) {
        StringBuilder csv = new StringBuilder(format.byteOrderMark ? "\uFEFF" : "");
        List<String> header = new ArrayList<>(roster == null ? List.of("student") : List.of("id", "name", "email", "folder"));
        grades.labs().forEach(lab -> header.add(lab + " (max " + grades.maxPoints(lab) + ")"));
        header.add("total (max " + grades.maxTotal() + ")");
        if (scale != null) {
            header.add("grade (/" + scale + ")");
        }
        row(csv, header, format);
        Set<String> submitted = new TreeSet<>(grades.students());
        List<Student> rows = new ArrayList<>();
        if (roster != null) {
            rows.addAll(roster);
            roster.forEach(student -> submitted.remove(student.folder()));
        }
        submitted.forEach(folder -> rows.add(new Student("", "", "", folder)));
        for (Student student : rows) {
            List<String> cells = new ArrayList<>(roster == null ? List.of(student.folder())
                    : List.of(student.id(), student.name(), student.email(), student.folder()));
            boolean graded = grades.students().contains(student.folder());
            for (String lab : grades.labs()) {
                cells.add(graded ? String.valueOf(grades.grade(student.folder(), lab).points()) : "");
            }
            cells.add(graded ? String.valueOf(grades.total(student.folder())) : "");
            if (scale != null) {
                cells.add(graded ? decimal(scaled(grades.total(student.folder()), grades.maxTotal(), scale), format) : "");
            }
            row(csv, cells, format);
        }
        return csv.toString();
    }

    /**
     * Who did not submit: roster students with no submission, and submissions in which no lab
     * was found. Each with the reason.
     */
    static Map<String, String> notSubmitted(ClassGrades grades, List<Student> roster) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (roster != null) {
            for (Student student : roster) {
                if (!grades.students().contains(student.folder())) {
                    missing.put(label(student), "no submission named '" + student.folder() + "'");
                }
            }
        }
        for (String student : grades.students()) {
            if (grades.gradesOf(student).stream().allMatch(grade -> grade.verdict() == Verdict.MISSING)) {
                Student known = roster == null ? null : roster.stream().filter(each -> each.folder().equals(student))
                        .findFirst().orElse(null);
                missing.put(known == null ? student : label(known), "the submission holds none of the graded labs");
            }
        }
        return missing;
    }

    static String notSubmittedCsv(Map<String, String> missing, Format format) {
        StringBuilder csv = new StringBuilder(format.byteOrderMark ? "\uFEFF" : "");
        row(csv, List.of("student", "why"), format);
        missing.forEach((student, why) -> row(csv, List.of(student, why), format));
        return csv.toString();
    }

    private static String label(Student student) {
        return student.name().isBlank() ? student.folder() : student.name() + " (" + student.id() + ")";
    }

    /** The total on another scale, rounded to one decimal. */
    static double scaled(int total, int max, int scale) {
        return max == 0 ? 0 : Math.round(10.0 * total * scale / max) / 10.0;
    }

    private static String decimal(double value, Format format) {
        return String.format(Locale.ROOT, "%.1f", value).replace('.', format.decimal);
    }

    private static void row(StringBuilder csv, List<String> cells, Format format) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(format.separator);
            }
            csv.append(quoted(cells.get(i), format.separator));
        }
        csv.append("\r\n");
    }

    private static String quoted(String text, char separator) {
        boolean quote = text.indexOf(separator) >= 0 || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private static String cell(List<String> cells, int index) {
        return index < cells.size() ? cells.get(index).trim() : "";
    }

    /** One CSV line into cells (quotes as RFC 4180: "" inside quotes is one "). */
    private static List<String> parse(String line, char separator) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}

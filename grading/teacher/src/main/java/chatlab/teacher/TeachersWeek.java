package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The grader's steps for the teacher's week: which labs and runs a re-grade covers, which tests
 * are hidden, which submissions are untouched starters, and the similarity check.
 */
final class TeachersWeek {

    private TeachersWeek() {
    }

    /** The labs of the session: the chosen ones, and on a re-grade every lab already graded, in kit order. */
    static List<Lab> sessionLabs(Kit kit, List<Lab> chosen, List<LabGrade> previous) {
        List<String> names = new ArrayList<>(chosen.stream().map(Lab::name).toList());
        previous.forEach(grade -> {
            if (!names.contains(grade.lab())) {
                names.add(grade.lab());
            }
        });
        return kit.labs().stream().filter(lab -> names.contains(lab.name())).toList();
    }

    /**
     * On a re-grade, everything not graded again stays as the output folder has it; returns the
     * runs kept ("student\nlab"). A student who is no longer among the submissions is kept only
     * with every lab of the session (there is nothing to grade the others from).
     */
    static Set<String> keep(List<LabGrade> previous, ClassGrades grades, List<Submission> regraded, List<Lab> labs,
                            List<Submission> submissions) {
        List<String> students = regraded.stream().map(Submission::student).toList();
        List<String> present = submissions.stream().map(Submission::student).toList();
        List<String> labNames = labs.stream().map(Lab::name).toList();
        Set<String> kept = new HashSet<>();
        for (LabGrade grade : previous) {
            long labsOfStudent = previous.stream().filter(each -> each.student().equals(grade.student())
                    && grades.labs().contains(each.lab())).count();
            boolean complete = present.contains(grade.student()) || labsOfStudent == grades.labs().size();
            if (!(students.contains(grade.student()) && labNames.contains(grade.lab()))
                    && grades.labs().contains(grade.lab()) && complete) {
                grades.add(grade);
                kept.add(grade.student() + "\n" + grade.lab());
            }
        }
        return kept;
    }

    /** The classes of a lab's hidden tests (teacher-only), by file name under the hidden-test folder. */
    static Set<String> hiddenClasses(Lab lab) throws IOException {
        Path hidden = lab.hiddenTests();
        if (hidden == null || !Files.isDirectory(hidden)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(hidden)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> hidden.relativize(file).toString().replace(".java", "").replace('/', '.')
                            .replace('\\', '.'))
                    .collect(Collectors.toSet());
        }
    }

    /**
     * Whether the student's lab is its starter as given: same Java files, same code, same resources
     * (the grader shares one run among untouched copies, so whatever is compiled must be the same).
     */
    static boolean untouched(Submission submission, Lab lab, Path unpacked) throws IOException {
        Optional<Path> folder = submission.labFolder(lab.name(), unpacked);
        return folder.isPresent() && sameCode(folder.get().resolve("src/main/java"), lab.dir().resolve("src/main/java"))
                && texts(folder.get().resolve("src/main/resources"), "")
                        .equals(texts(lab.dir().resolve("src/main/resources"), ""));
    }

    static boolean sameCode(Path one, Path other) throws IOException {
        Map<String, String> first = javaSources(one);
        return !first.isEmpty() && first.equals(javaSources(other));
    }

    static Map<String, String> javaSources(Path root) throws IOException {
        return texts(root, ".java");
    }

    /** The files under root whose names end with suffix, by relative path; line ends and edge blanks ignored. */
    private static Map<String, String> texts(Path root, String suffix) throws IOException {
        Map<String, String> sources = new TreeMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(path -> Files.isRegularFile(path) && path.toString().endsWith(suffix))
                        .toList()) {
                    // Any bytes (a resource may be binary): each byte is one char in ISO-8859-1.
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    sources.put(root.relativize(file).toString(), text.replace("\r\n", "\n").strip());
                }
            }
        }
        return sources;
    }

    /** The similarity check of each graded lab, over every submission that has it. */
    static void similarity(List<Submission> submissions, List<Lab> labs, Path work, ClassNotes notes,
                           PrintStream log) throws IOException {
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        for (Lab lab : labs) {
            Map<String, Path> sources = new TreeMap<>();
            for (Submission submission : submissions) {
                Optional<Path> folder;
                try {
                    folder = submission.labFolder(lab.name(), unpacked);
                } catch (IOException unreadable) {
                    continue;
                }
                folder.ifPresent(path -> sources.put(submission.student(), path.resolve("src/main/java")));
            }
            try {
                notes.similar.put(lab.name(), Similarity.compare(sources, lab.dir().resolve("src/main/java"),
                        Files.createDirectories(work.resolve("similarity").resolve(lab.name()))));
            } catch (IOException failed) {
                log.println("WARNING: no similarity check for " + lab.name() + ": " + failed.getMessage());
            }
        }
        log.println("Similarity checked (JPlag) for " + labs.size() + " lab(s).");
    }
}

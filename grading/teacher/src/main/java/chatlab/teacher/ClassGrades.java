package chatlab.teacher;

import chatlab.grading.LabResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The grades of a whole class: per student, per lab, in a stable order (students by name, labs by number). */
public final class ClassGrades {

    private final List<String> labs;
    private final List<LabResult> references;
    private final Map<String, Map<String, LabGrade>> byStudent = new TreeMap<>();
    private String sandbox = "none";
    private final ClassNotes notes = new ClassNotes();

    ClassGrades(List<String> labs, List<LabResult> references) {
        this.labs = List.copyOf(labs);
        this.references = List.copyOf(references);
    }

    void add(LabGrade grade) {
        byStudent.computeIfAbsent(grade.student(), student -> new TreeMap<>()).put(grade.lab(), grade);
    }

    /** Where the tests ran, e.g. "bwrap (found)": said in the report. */
    public String sandbox() {
        return sandbox;
    }

    void sandbox(String described) {
        this.sandbox = described;
    }

    /** What the session learned beside the points: hidden tests, traces, flags, similarity... */
    public ClassNotes notes() {
        return notes;
    }

    public List<String> labs() {
        return labs;
    }

    public List<String> students() {
        return new ArrayList<>(byStudent.keySet());
    }

    public LabGrade grade(String student, String lab) {
        return byStudent.get(student).get(lab);
    }

    /** The kit's own run of a lab: its tests and points. */
    public LabResult reference(String lab) {
        return references.get(labs.indexOf(lab));
    }

    public int maxPoints(String lab) {
        return reference(lab).maxPoints();
    }

    public int maxTotal() {
        return labs.stream().mapToInt(this::maxPoints).sum();
    }

    public int total(String student) {
        return labs.stream().mapToInt(lab -> grade(student, lab).points()).sum();
    }

    public List<LabGrade> gradesOf(String student) {
        return labs.stream().map(lab -> grade(student, lab)).toList();
    }

    public List<LabGrade> gradesFor(String lab) {
        return byStudent.keySet().stream().map(student -> grade(student, lab)).toList();
    }
}

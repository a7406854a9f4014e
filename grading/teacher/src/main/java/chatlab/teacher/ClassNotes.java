package chatlab.teacher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a grading session learns beside the points, for the teacher's report: which tests are
 * hidden, the full failure traces, which submissions are untouched starters, anomalies flagged
 * by any check, deadline outcomes, similar pairs, who did not submit. Thread-safe to fill.
 */
public final class ClassNotes {

    private final Map<String, Set<String>> hiddenClasses = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> traces = new ConcurrentHashMap<>();
    private final Set<String> untouched = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> flags = new ConcurrentHashMap<>();
    final List<Deadline.Outcome> deadline = new ArrayList<>();
    final Map<String, List<Similarity.Pair>> similar = new LinkedHashMap<>();
    final Map<String, String> notSubmitted = new LinkedHashMap<>();

    private static String key(String student, String lab) {
        return student + "\n" + lab;
    }

    void hiddenClasses(String lab, Set<String> classes) {
        hiddenClasses.put(lab, Set.copyOf(classes));
    }

    /** Whether a test (class#method) is one of the teacher's hidden tests. */
    public boolean hidden(String lab, String testId) {
        int hash = testId.indexOf('#');
        String testClass = hash < 0 ? testId : testId.substring(0, hash);
        return hiddenClasses.getOrDefault(lab, Set.of()).contains(testClass);
    }

    void traces(String student, String lab, Map<String, String> byTest) {
        traces.put(key(student, lab), Map.copyOf(byTest));
    }

    /** The full reason and stack trace of every failed test of a run, by test id. */
    Map<String, String> traces(String student, String lab) {
        return traces.getOrDefault(key(student, lab), Map.of());
    }

    /** The full reason and stack trace of a failed test, or null. */
    public String trace(String student, String lab, String testId) {
        return traces.getOrDefault(key(student, lab), Map.of()).get(testId);
    }

    void untouched(String student, String lab) {
        untouched.add(key(student, lab));
    }

    /** Whether the student's lab is the starter as given (left out of "most failed"). */
    public boolean isUntouched(String student, String lab) {
        return untouched.contains(key(student, lab));
    }

    /**
     * Flags a lab run for the teacher's attention (tampered result, code that does what no lab
     * needs, ...): report.html lists it beside the student's score. Any check may call this.
     */
    public void flag(String student, String lab, String anomaly) {
        flags.computeIfAbsent(key(student, lab), ignored -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(anomaly);
    }

    public List<String> flags(String student, String lab) {
        return flags.getOrDefault(key(student, lab), List.of());
    }
}

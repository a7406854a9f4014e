package chatlab.teacher;

/** How grading one lab of one submission ended, before counting points. */
public enum Verdict {
    /** Every test ran; the points are what the tests say. */
    GRADED("graded"),
    /** The student's code does not compile: no test can run, 0 points. */
    COMPILE_ERROR("does not compile"),
    /** The tests did not finish within the lab's time limit: the run was killed. */
    TIMED_OUT("time limit reached"),
    /** The test JVM stopped before the end: System.exit in the code, or a crash. */
    STOPPED("stopped early"),
    /** The run's results do not match the calibration or the signed channel: forged, not counted (0 points). */
    TAMPERED("result tampered"),
    /** The submission has no sources for this lab. */
    MISSING("missing");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** A short label for tables. */
    public String label() {
        return label;
    }
}

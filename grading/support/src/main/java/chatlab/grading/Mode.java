package chatlab.grading;

import java.util.Locale;

/** What a graded run is for, and so what counts as success. */
public enum Mode {
    /** A student's own work: the build fails when a graded test fails. */
    STUDENT,
    /** The reference solution: every graded test must pass. */
    SOLUTION,
    /** The kit's proof that the exercises are real: every graded test must fail on the starter. */
    STARTER;

    public static Mode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "unknown grading mode '" + text + "': use student, solution or starter");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.grading.TestResult;

import java.time.Duration;
import java.util.List;

/**
 * The grade of one lab of one submission.
 *
 * @param student     the submission's name
 * @param lab         the lab's module name
 * @param verdict     how the grading ended
 * @param result      every test of the kit for this lab, with its outcome for this submission
 * @param detail      plain words on the verdict (compiler errors, why the run stopped); may be empty
 * @param output      the first part of what the code printed while tested
 * @param outputBytes how much it printed in all
 * @param took        how long grading this lab took
 * @param flags       what the screening of the student's classes found, "file:line: what" (see BytecodeScreen)
 */
public record LabGrade(String student, String lab, Verdict verdict, LabResult result, String detail,
                       String output, long outputBytes, Duration took, List<String> flags) {

    public LabGrade {
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    public LabGrade(String student, String lab, Verdict verdict, LabResult result, String detail,
                    String output, long outputBytes, Duration took) {
        this(student, lab, verdict, result, detail, output, outputBytes, took, List.of());
    }

    /** The same grade, flagged for the teacher with what the screening found. */
    public LabGrade withFlags(List<String> found) {
        return new LabGrade(student, lab, verdict, result, detail, output, outputBytes, took, found);
    }

    /** True if the teacher should look at this run: flagged code, or a forged result. */
    public boolean suspicious() {
        return !flags.isEmpty() || verdict == Verdict.TAMPERED;
    }

    public int points() {
        return result.points();
    }

    public int maxPoints() {
        return result.maxPoints();
    }

    public List<TestResult> tests() {
        return result.tests();
    }
}

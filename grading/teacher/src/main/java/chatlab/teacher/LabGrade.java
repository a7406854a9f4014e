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
 */
public record LabGrade(String student, String lab, Verdict verdict, LabResult result, String detail,
                       String output, long outputBytes, Duration took) {

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

package chatlab.grading;

/**
 * The outcome of one graded test, as stored in {@code result.json}.
 *
 * @param id          stable identifier: fully qualified class name, '#', method name
 * @param name        the test's display name, in plain words
 * @param points      points the test is worth
 * @param givenCode   true if the test checks code the starter already provides
 * @param status      {@link Status#PASSED}, {@link Status#FAILED} or {@link Status#NOT_RUN}
 * @param reason      for a failure, what went wrong in plain words; otherwise null
 */
public record TestResult(String id, String name, int points, boolean givenCode, Status status,
                         String reason) {

    public enum Status { PASSED, FAILED, NOT_RUN }

    public int earned() {
        return status == Status.PASSED ? points : 0;
    }

    TestResult withOutcome(Status newStatus, String newReason) {
        return new TestResult(id, name, points, givenCode, newStatus, newReason);
    }
}

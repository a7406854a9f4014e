package chatlab.grading;

/**
 * The outcome of one graded test, as stored in {@code result.json}.
 *
 * @param id          stable identifier: fully qualified class name, '#', method name
 * @param name        the test's display name, in plain words
 * @param points      points the test is worth (0 for a guard)
 * @param givenCode   true if the test checks code the starter already provides
 * @param status      {@link Status#PASSED}, {@link Status#FAILED} or {@link Status#NOT_RUN}
 * @param reason      for a failure, what went wrong in plain words; otherwise null
 * @param step        the handout step the test belongs to ({@link Step}); null if it has none
 * @param penalty     for a guard ({@link Guard}), the points it takes away when it fails; null
 *                    for a graded test
 */
public record TestResult(String id, String name, int points, boolean givenCode, Status status,
                         String reason, Integer step, Integer penalty) {

    public enum Status { PASSED, FAILED, NOT_RUN }

    /** A graded test without a step (the form of result.json before steps existed). */
    public TestResult(String id, String name, int points, boolean givenCode, Status status, String reason) {
        this(id, name, points, givenCode, status, reason, null, null);
    }

    public int earned() {
        return status == Status.PASSED ? points : 0;
    }

    /** True for a rule every submission must keep, worth no points of its own ({@link Guard}). */
    public boolean guard() {
        return penalty != null;
    }

    /** The points this test takes away: a guard's penalty when it failed, otherwise 0 (also if it never ran). */
    public int deducted() {
        return guard() && status == Status.FAILED ? penalty : 0;
    }

    /** The same test with another outcome (its step and penalty kept). */
    public TestResult withOutcome(Status newStatus, String newReason) {
        return new TestResult(id, name, points, givenCode, newStatus, newReason, step, penalty);
    }
}

package chatlab.grading;

import java.util.Objects;

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
 * @param englishName   when {@code name} was translated ({@link Feedback}), the English one; else null
 * @param englishReason when {@code reason} was translated, the English one; else null
 */
public record TestResult(String id, String name, int points, boolean givenCode, Status status,
                         String reason, Integer step, Integer penalty, String englishName, String englishReason) {

    public enum Status { PASSED, FAILED, NOT_RUN }

    /** A graded test without a step (the form of result.json before steps existed). */
    public TestResult(String id, String name, int points, boolean givenCode, Status status, String reason) {
        this(id, name, points, givenCode, status, reason, null, null);
    }

    /** A test's outcome in English (the form of result.json before translations existed). */
    public TestResult(String id, String name, int points, boolean givenCode, Status status, String reason,
                      Integer step, Integer penalty) {
        this(id, name, points, givenCode, status, reason, step, penalty, null, null);
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

    /** The same test with another outcome (its name, step and penalty kept); the reason as given. */
    public TestResult withOutcome(Status newStatus, String newReason) {
        return new TestResult(id, name, points, givenCode, newStatus, newReason, step, penalty, englishName, null);
    }

    /** The English display name, whatever the language of {@code name}. */
    public String nameInEnglish() {
        return englishName == null ? name : englishName;
    }

    /** The English reason, whatever the language of {@code reason}: for code that reads a reason. */
    public String reasonInEnglish() {
        return englishReason == null ? reason : englishReason;
    }

    /** This English result in the feedback's language, keeping the English texts it translated. */
    public TestResult in(Feedback feedback) {
        if (feedback.english()) {
            return this;
        }
        String translatedName = feedback.displayName(id, name);
        String translatedReason = feedback.reason(reason);
        return new TestResult(id, translatedName, points, givenCode, status, translatedReason, step, penalty,
                translatedName.equals(name) ? null : name,
                Objects.equals(translatedReason, reason) ? null : reason);
    }
}

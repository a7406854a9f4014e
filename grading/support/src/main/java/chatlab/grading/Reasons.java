package chatlab.grading;

import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the exception that failed a test into a short reason a student can act on. */
public final class Reasons {

    /** Long enough for an AssertJ "expected ... but was ..." message, short enough for a table. */
    static final int MAX_LENGTH = 400;

    /** AssertJ's message for {@code assertThat(flag).as(description).isTrue()} (or isFalse). */
    private static final Pattern DESCRIBED_BOOLEAN =
            Pattern.compile("\\[(.+)\\] Expecting value to be (?:true|false) but was (?:true|false)");

    private Reasons() {
    }

    public static String of(Throwable failure) {
        if (failure == null) {
            return "failed without saying why";
        }
        String message = oneLine(failure.getMessage());
        if (failure instanceof TimeoutException) {
            return shorten("did not finish in time (" + message + "): something blocks or loops forever."
                    + " A read waiting for a line that never comes? A missing flush()?");
        }
        if (failure instanceof UnsupportedOperationException && message.startsWith("TODO")) {
            return shorten("not written yet: " + message);
        }
        if (failure instanceof AssertionError) {
            Matcher described = DESCRIBED_BOOLEAN.matcher(message);
            if (described.matches()) {
                return shorten(described.group(1)); // the description says it in words; AssertJ's tail adds nothing
            }
            return shorten(message.isEmpty() ? "an assertion failed" : message);
        }
        String where = whereInStudentCode(failure);
        return shorten(failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                + (where.isEmpty() ? "" : " (thrown at " + where + ")"));
    }

    /** The first stack frame outside the JDK and the test libraries: most likely the student's code. */
    private static String whereInStudentCode(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            boolean library = type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                    || type.startsWith("sun.") || type.startsWith("org.junit.") || type.startsWith("org.assertj.")
                    || type.startsWith("org.awaitility.") || type.startsWith("chatlab.testkit.")
                    || type.endsWith("Test") || type.contains("Test$");
            if (!library) {
                return frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1)
                        + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "";
    }

    /** Folds white space, and shows control characters (such as the NUL bytes of an unused buffer) as escapes. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder visible = new StringBuilder();
        text.replaceAll("\\s+", " ").trim().chars().forEach(c -> {
            if (c == 0) {
                visible.append("\\0");
            } else if (Character.isISOControl(c)) {
                visible.append(String.format("\\u%04x", c));
            } else {
                visible.append((char) c);
            }
        });
        return visible.toString();
    }

    static String shorten(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }
}

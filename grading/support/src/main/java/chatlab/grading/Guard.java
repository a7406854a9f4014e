package chatlab.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule every submission must keep, checked by a test that is worth no points of its own: it
 * passes on the starter (whose given code keeps the rule) as on the solution, so it cannot be
 * an exercise, and it must not give points for code nobody wrote. When it fails, the lab's score
 * loses {@link #penalty()} points (never below 0), and the score table says why, where.
 *
 * <p>Example: the charset rule ({@link CharsetRule}): text on a socket or in a file is always
 * turned into bytes, and back, with a named charset.
 *
 * <p>A guard has no {@link Points} and no {@link Step}; put it on the test method or its class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Guard {
    /** Points the lab's score loses while the rule is broken. */
    int penalty();
}

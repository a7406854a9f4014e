package chatlab.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many points a graded test is worth. Every test method of a lab carries exactly one.
 *
 * <pre>{@code
 * @Test
 * @Points(2)
 * @DisplayName("echoes one line back")
 * void echoesOneLine() { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {
    int value();
}

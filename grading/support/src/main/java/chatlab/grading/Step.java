package chatlab.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handout step a graded test belongs to: the test passes as soon as steps 1 to this one are
 * done, whatever later steps hold (still their TODO). The score table groups tests by step, so a
 * student's score climbs step by step.
 *
 * <pre>{@code
 * @Test
 * @Step(2)
 * @Points(2)
 * void echoesOneLine() { ... }
 * }</pre>
 *
 * <p>Put it on the test method, or on the class when every test of the class belongs to one step.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Step {
    int value();
}

package chatlab.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a graded test that checks code the starter already gives the student (for example a
 * class completed in an earlier lab). Such a test passes on the starter as well as on the
 * solution; every other graded test must fail on the starter, or the kit's build fails.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChecksGivenCode {
}

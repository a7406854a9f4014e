package chatlab.teacher;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The options of a teacher's grading week, beside the grader's own: re-grading into an existing
 * output folder, the similarity check, a deadline, the roster and the gradebook's format.
 *
 * @param regrade             grade only {@code students} (all if empty) and the chosen labs, keeping
 *                            every other result already in the output folder
 * @param students            the submissions to grade, by name; empty means all
 * @param similarity          run the similarity check (JPlag) per lab
 * @param deadline            grade each Git submission at its last commit before this; null for none
 * @param roster              the roster file (id, name, email, folder); null for none
 * @param csvFormat           the gradebook's CSV dialect
 * @param scale               also give the total on this scale (30 for the Italian grade); null for none
 * @param hiddenAfterDueDate  on Gradescope, show hidden tests to students only after the due date
 */
public record WeekOptions(boolean regrade, List<String> students, boolean similarity, OffsetDateTime deadline,
                          Path roster, Gradebook.Format csvFormat, Integer scale, boolean hiddenAfterDueDate) {

    /** What the grader does when told nothing more: similarity on, RFC 4180, no roster. */
    public static final WeekOptions DEFAULT = new WeekOptions(false, List.of(), true, null, null,
            Gradebook.Format.RFC4180, null, false);

    public WeekOptions {
        students = List.copyOf(students);
    }
}

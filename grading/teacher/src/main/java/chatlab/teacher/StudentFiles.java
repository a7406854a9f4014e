package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.util.List;

/** The student edition's README (its grading workflow comes from {@link ClassroomFiles}). */
final class StudentFiles {

    private StudentFiles() {
    }

    static String readme(List<Lab> labs) {
        StringBuilder list = new StringBuilder();
        for (Lab lab : labs) {
            list.append("- [`").append(lab.name()).append("`](").append(lab.name()).append("/README.md)\n");
        }
        String first = labs.get(0).name();
        return """
                # Chat Lab Kit

                Step by step from a bare echo socket to a complete multi-client chat, in Java. Each lab is a
                folder with a handout (its README.md), starter code to complete and the tests that grade it.

                Labs in this edition:

                %s
                ## What you need

                A JDK 17 or newer (`java -version`). Nothing else: `./mvnw` (on Windows `mvnw.cmd`) downloads
                Maven the first time.

                ## Doing a lab

                1. Read the lab's handout, `%s/README.md`.
                2. Complete the code in `%s/src/main/java`: every `// TODO Step N` matches step N of the handout.
                3. Run the lab's tests:

                   ```
                   ./mvnw -q -pl %s -am test
                   ```

                   The run ends with a score table: each test, its points, and for each failure what your code
                   did and what was expected, in plain words, then which step to do next. Read the table, not
                   the build's status: the build ends without an error (exit code 0) while tests fail. Add
                   `-Dgrading.strict=true` if you want it to fail unless every test passes.

                   On Linux and macOS a lab's folder works too: `cd %s && ../mvnw test` gives the same table.

                Do not edit the tests in `src/test/java`: your teacher grades your `src/main/java` with the
                kit's own copy of the tests, plus a few more that are not in this repository.

                ## Automatic grading on every push

                On GitHub, every push runs `.github/workflows/grade.yml`: the tests of every lab, scored test by
                test. The run's summary shows your score table; each lab's `result.json` is among the run's
                artifacts. If your class uses Classroom 50, it grades your pushes the same way and publishes
                the score as a Release of your repository.
                """.formatted(list, first, first, first, first);
    }
}

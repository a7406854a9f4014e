package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.util.List;
import java.util.function.ToIntFunction;

/** The files only the student edition has: its README and the GitHub Classroom workflow. */
final class StudentFiles {

    /** Minutes GitHub Classroom gives one lab's tests before it gives up. */
    static final int CLASSROOM_TIMEOUT_MINUTES = 10;

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
                   did and what was expected, in plain words. The build stays red until every test passes.

                Do not edit the tests in `src/test/java`: your teacher grades your `src/main/java` with the
                kit's own copy of the tests, plus a few more that are not in this repository.

                ## Automatic grading on every push

                If this repository comes from GitHub Classroom, every push runs
                `.github/workflows/classroom.yml`: one step per lab, which scores the lab's points when all its
                tests pass. The step's log shows the same score table as your own run.
                """.formatted(list, first, first, first);
    }

    /**
     * A GitHub Classroom autograding workflow: one command-grader step per lab, worth the lab's
     * points when every test of the lab passes, and the reporter that sends the score to Classroom.
     */
    static String classroomWorkflow(List<Lab> labs, ToIntFunction<Lab> points) {
        StringBuilder steps = new StringBuilder();
        StringBuilder env = new StringBuilder();
        for (Lab lab : labs) {
            steps.append("""
                          - name: %1$s
                            id: %1$s
                            uses: classroom-resources/autograding-command-grader@v1
                            with:
                              test-name: %1$s
                              command: ./mvnw -B -q -pl %1$s -am test
                              timeout: %2$d
                              max-score: %3$d
                    """.formatted(lab.name(), CLASSROOM_TIMEOUT_MINUTES, points.applyAsInt(lab)));
            env.append("          ").append(lab.name().toUpperCase()).append("_RESULTS: \"${{ steps.")
                    .append(lab.name()).append(".outputs.result }}\"\n");
        }
        String runners = String.join(",", labs.stream().map(Lab::name).toList());
        return """
                # GitHub Classroom autograding: each lab scores its points when all its tests pass.
                # The fine-grained score (points per test) is in each step's log, and in the teacher's batch grading.
                name: Autograding Tests
                on:
                  - push
                  - repository_dispatch
                permissions:
                  checks: write
                  actions: read
                  contents: read
                jobs:
                  run-autograding-tests:
                    runs-on: ubuntu-latest
                    if: github.actor != 'github-classroom[bot]'
                    steps:
                      - name: Checkout code
                        uses: actions/checkout@v4
                      - name: Set up JDK 17
                        uses: actions/setup-java@v4
                        with:
                          distribution: temurin
                          java-version: '17'
                          cache: maven
                %s      - name: Autograding Reporter
                        uses: classroom-resources/autograding-grading-reporter@v1
                        env:
                %s        with:
                          runners: %s
                """.formatted(steps, env, runners);
    }
}

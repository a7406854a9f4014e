package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Gradescope autograder for some labs: the folder whose files (not the folder) go into the
 * zip uploaded to Gradescope. setup.sh installs a JDK and git, adds the unprivileged user
 * "student" and builds the kit once; run_autograder grades the one submission with the kit's
 * batch grader, the student's code running as "student", which can read neither the
 * autograder's source (the kit with its solutions and hidden tests) nor the results folder.
 */
final class GradescopeAutograder {

    /** Never copied into the autograder: build output, version control, run leftovers. */
    private static final Set<String> SKIPPED = Set.of(".git", "target", ".idea", ".vscode", "grading-output");

    private GradescopeAutograder() {
    }

    static Path write(Kit kit, List<Lab> labs, Path target, boolean hiddenAfterDueDate) throws IOException {
        Path folder = target.toAbsolutePath().normalize();
        if (folder.startsWith(kit.root())) {
            throw new IllegalArgumentException("write the autograder outside the kit (" + kit.root() + "), not in " + folder);
        }
        if (Files.exists(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(folder + " already exists and is not empty: choose a new folder");
                }
            }
        }
        copyKit(kit.root(), folder.resolve("kit"));
        String labList = String.join(",", labs.stream().map(Lab::name).toList());
        Files.writeString(folder.resolve("setup.sh"), setup(labList), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("run_autograder"), runAutograder(labList, hiddenAfterDueDate),
                StandardCharsets.UTF_8);
        for (String script : List.of("setup.sh", "run_autograder")) {
            folder.resolve(script).toFile().setExecutable(true, false);
        }
        return folder;
    }

    static String setup(String labs) {
        return """
                #!/usr/bin/env bash
                # Gradescope runs this once, as root, when it builds the autograder's image.
                set -euo pipefail
                apt-get update -qq
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless git >/dev/null
                # The user the students' code runs as (Gradescope's "run your autograder as a non-root user").
                id student >/dev/null 2>&1 || adduser student --no-create-home --disabled-password --gecos ""
                # Build the kit and the teacher tools once, so that grading runs offline: grade an empty class.
                kit=/autograder/source/kit
                chmod +x "$kit/mvnw" "$kit"/grading/grade "$kit"/grading/teacher/run
                mkdir -p /tmp/setup-class/nobody
                "$kit/grading/grade" /tmp/setup-class -o /tmp/setup-out -l %s --no-progress --no-similarity
                rm -rf /tmp/setup-class /tmp/setup-out
                """.formatted(labs);
    }

    static String runAutograder(String labs, boolean hiddenAfterDueDate) {
        return """
                #!/usr/bin/env bash
                # Gradescope runs this as root for each submission (/autograder/submission).
                set -uo pipefail
                kit=/autograder/source/kit
                results=/autograder/results
                # The students' code runs as "student": the autograder's source (solutions, hidden tests)
                # and the results folder are closed to it.
                chmod o= /autograder/source "$results"
                rm -rf /tmp/class /tmp/out && mkdir -p /tmp/class
                cp -r /autograder/submission /tmp/class/student
                "$kit/grading/grade" /tmp/class -o /tmp/out -l %s --gradescope --offline --no-progress --no-similarity \\
                    --run-as student%s
                if ! cp /tmp/out/gradescope/student/results.json "$results/results.json"; then
                  # Gradescope's advice: always write results.json, even when the autograder fails.
                  echo '{"score": 0, "output": "The autograder could not grade this submission; your teacher has its log."}' \\
                    > "$results/results.json"
                fi
                """.formatted(labs, hiddenAfterDueDate ? " --hidden-after-due-date" : "");
    }

    private static void copyKit(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                boolean skipped = false;
                for (Path part : relative) {
                    skipped |= SKIPPED.contains(part.toString());
                }
                if (skipped) {
                    continue;
                }
                Path destination = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}

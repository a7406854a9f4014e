package chatlab.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Gradescope autograder folder: Gradescope's two scripts at its root, the kit beside them. */
class GradescopeAutograderIT {

    @TempDir
    Path temp;

    @Test
    void followsGradescopesSpecAndSecurityAdvice() throws Exception {
        Kit kit = Kit.open(GradingIT.KIT);
        Path folder = GradescopeAutograder.write(kit, kit.select(java.util.List.of("lab01")), temp.resolve("ag"), true);
        assertThat(folder.resolve("setup.sh")).isExecutable();
        assertThat(folder.resolve("run_autograder")).isExecutable();
        assertThat(folder.resolve("kit/solutions/lab01-sockets/src/hidden-test")).as("the teacher's kit, hidden tests included")
                .isDirectory();
        assertThat(folder.resolve("kit/lab01-sockets/target")).doesNotExist();
        assertThat(Files.readString(folder.resolve("setup.sh"))).contains("adduser student --no-create-home --disabled-password");
        assertThat(Files.readString(folder.resolve("run_autograder")))
                .contains("chmod o= /autograder/source \"$results\"")
                .contains("--run-as student").contains("--hidden-after-due-date").contains("-l lab01-sockets")
                .contains("\"$results/results.json\"");
    }
}

package chatlab.teacher;

import chatlab.teacher.KitBuild.LabSuite;
import chatlab.teacher.Kit.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a batch run of a lab's tests is given: the graded tests, not the kit's own window checks. */
class TestsToRunTest {

    @TempDir
    Path temp;

    @Test
    void theKitsWindowChecksAreLeftOutAndEverythingElseStays() throws IOException {
        Path solution = temp.resolve("solutions/lab05-gui-client");
        write(solution.resolve("src/window-test/java/chatlab/TranscriptBoundTest.java"), "class TranscriptBoundTest {}");
        Path classes = temp.resolve("test-classes");
        for (String file : List.of("chatlab/TranscriptBoundTest.class", "chatlab/TranscriptBoundTest$Window.class",
                "chatlab/ChatViewTest.class", "chatlab/ChatViewTest$1.class", "chatlab/TranscriptBoundTestHelper.class",
                "chatlab/i18n/feedback_it.properties")) {
            write(classes.resolve(file), "x");
        }
        LabSuite suite = new LabSuite(new Lab("lab05-gui-client", temp.resolve("lab05-gui-client"), solution), classes,
                List.of(), temp.resolve("reference"));

        assertThat(LabGrader.testsToRun(suite).files().keySet()).containsExactlyInAnyOrder(
                "chatlab/ChatViewTest.class", "chatlab/ChatViewTest$1.class", "chatlab/TranscriptBoundTestHelper.class",
                "chatlab/i18n/feedback_it.properties");
    }

    @Test
    void aLabWithoutWindowChecksRunsEveryTest() throws IOException {
        Path classes = temp.resolve("test-classes");
        write(classes.resolve("chatlab/EchoServerTest.class"), "x");
        LabSuite suite = new LabSuite(new Lab("lab01-sockets", temp.resolve("lab01-sockets"), null), classes, List.of(),
                temp.resolve("reference"));

        assertThat(LabGrader.testsToRun(suite).files().keySet()).containsExactly("chatlab/EchoServerTest.class");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}

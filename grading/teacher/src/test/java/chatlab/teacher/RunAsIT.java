package chatlab.teacher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static chatlab.teacher.GeneratedClass.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gradescope's advice, as {@code grade --run-as USER} follows it: the grader is root, the
 * student's code runs as an unprivileged user (here "nobody"), still earns its points, and cannot
 * read the reference solution's classes nor write outside its own job folder.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RunAsIT {

    @TempDir
    static Path temp;
    static ClassGrades grades;
    static Path output;

    @BeforeAll
    static void gradeAsNobody() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs root and runuser (as on Gradescope)");
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        GeneratedClass generated = new GeneratedClass(GradingIT.KIT, submissions);
        generated.write("honest");
        // Correct code that also probes what it can reach, from its working folder (work/jobs/STUDENT/LAB).
        generated.write("curious", new GeneratedClass.Mistake(GeneratedClass.SERVER, text -> GeneratedClass.replace(text,
                "public class EchoServer implements Closeable {",
                """
                public class EchoServer implements Closeable {
                    static {
                        System.out.println("PROBE user=" + System.getProperty("user.name"));
                        try {
                            java.nio.file.Files.readAllBytes(java.nio.file.Path.of(
                                    "../../../kit/lab01-sockets/reference-classes/chatlab/EchoServer.class"));
                            System.out.println("PROBE reference=read");
                        } catch (Exception denied) {
                            System.out.println("PROBE reference=denied");
                        }
                        try {
                            java.nio.file.Files.writeString(java.nio.file.Path.of("../../../readable/forged.txt"), "x");
                            System.out.println("PROBE shared=written");
                        } catch (Exception denied) {
                            System.out.println("PROBE shared=denied");
                        }
                    }
                """)));
        output = temp.resolve("out");
        System.setProperty(RunAs.PROPERTY, "nobody");
        grades = new Grader(new Grader.Options(GradingIT.KIT, submissions, output, List.of("lab01"), 2,
                Duration.ofSeconds(60), false, true, false, false),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .with(new WeekOptions(false, List.of(), false, null, null, Gradebook.Format.RFC4180, null, false)).run();
    }

    @AfterAll
    static void back() {
        System.clearProperty(RunAs.PROPERTY);
    }

    @Test
    void studentCodeRunsAsTheUserAndStillEarnsItsPoints() {
        assertThat(grades.grade("honest", LAB).points()).isEqualTo(grades.maxPoints(LAB));
        assertThat(grades.grade("curious", LAB).points()).isEqualTo(grades.maxPoints(LAB));
    }

    @Test
    void studentCodeCannotReadTheReferenceNorWriteTheSharedClasspath() throws Exception {
        String printed = Files.readString(output.resolve("results/curious/" + LAB + ".output.txt"));
        assertThat(printed).contains("PROBE user=nobody").contains("PROBE reference=denied")
                .contains("PROBE shared=denied").doesNotContain("=read").doesNotContain("=written");
    }
}

package chatlab.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static chatlab.teacher.GeneratedClass.LAB;
import static org.assertj.core.api.Assertions.assertThat;

/** grading/grade --lang it: the feedback files and Gradescope results in Italian, points as in English. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ItalianGradingIT {

    @TempDir
    Path temp;

    @Test
    void writesTheFeedbackInItalian() throws Exception {
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        new GeneratedClass(GradingIT.KIT, submissions).write("partly", GeneratedClass.throwsAfterClose());
        Path output = temp.resolve("out");
        ClassGrades grades = new Grader(new Grader.Options(GradingIT.KIT, submissions, output, List.of("lab01"), 2,
                GradingIT.TIME_LIMIT, true, false, false, false, "auto", "it"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        LabGrade grade = grades.grade("partly", LAB);
        assertThat(grade.verdict()).isEqualTo(Verdict.GRADED);
        assertThat(grade.points()).as("the points do not depend on the language").isEqualTo(grades.maxPoints(LAB)
                - grade.tests().stream().filter(test -> GradingIT.PLANTED_BUG_TESTS.contains(test.id()))
                .mapToInt(test -> test.points()).sum());
        assertThat(grade.result().language()).isEqualTo("it");
        String feedback = Files.readString(output.resolve("feedback/partly.md"), StandardCharsets.UTF_8);
        assertThat(feedback).startsWith("# Riscontro per partly").contains("| risultato | punti | test |",
                "Che cosa non va:", "**dopo close(), serve() ritorna tranquillamente, senza eccezioni**",
                "serve() chiamato dopo close() ritorna subito", "*(test nascosto)*", "| OK |");
        assertThat(Files.readString(output.resolve("gradescope/partly/results.json"), StandardCharsets.UTF_8))
                .contains("(test nascosto)", "rimanda indietro una riga");
    }
}

package chatlab.teacher;

import chatlab.grading.StarterSync;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static chatlab.teacher.GeneratedClass.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A teacher's week on a small lab01 class: a roster with a student who never submitted, a
 * deadline with Git submissions (one late, one with nothing before the deadline), a copy with
 * renamed variables, an untouched starter, the gradebook for an Italian spreadsheet on a
 * 30-point scale, the teacher view of failures, and then a re-grade of one student.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeachersWeekIT {

    static final Path KIT = GradingIT.KIT;
    static final String DEADLINE = "2026-12-01T23:59+01:00";

    @TempDir
    static Path temp;
    static Path submissions;
    static Path output;
    static ClassGrades grades;
    static int max;

    @BeforeAll
    static void gradeTheWeek() throws Exception {
        assumeTrue(gitWorks(), "git is not installed: the deadline needs Git submissions");
        submissions = Files.createDirectories(temp.resolve("submissions"));
        GeneratedClass generated = new GeneratedClass(KIT, submissions);
        generated.write("alice");
        Path bob = generated.write("bob");
        renameVariables(bob.resolve(LAB).resolve("src/main/java"));
        Path carol = submissions.resolve("carol").resolve(LAB).resolve("src/main");
        StarterSync.main(new String[] {"partial", "3", KIT.resolve("solutions").resolve(LAB).resolve("src/main").toString(),
                carol.toString()});
        GeneratedClass.copy(KIT.resolve(LAB).resolve("src/main"), submissions.resolve("dave").resolve(LAB).resolve("src/main"));
        // erin worked in Git: correct code before the deadline, then broke it the day after.
        Path erin = generated.write("erin");
        git(erin, "2026-11-30T10:00:00+01:00", "init", "-q");
        commit(erin, "2026-11-30T10:00:00+01:00", "lab01 done");
        Path server = erin.resolve(LAB).resolve("src/main/java").resolve(GeneratedClass.SERVER);
        Files.writeString(server, Files.readString(server).replace("return serverSocket.getLocalPort();",
                "return serverSocket.getLocalPort()"));
        commit(erin, "2026-12-02T09:00:00+01:00", "late change that breaks it");
        // frank's only commit is after the deadline.
        Path frank = generated.write("frank");
        git(frank, "2026-12-03T09:00:00+01:00", "init", "-q");
        commit(frank, "2026-12-03T09:00:00+01:00", "too late");

        Path roster = temp.resolve("roster.csv");
        Files.writeString(roster, """
                id,name,email,folder
                S1,Alice Rossi,alice@example.org,alice
                S2,Bob Bianchi,bob@example.org,bob
                S3,Carol Verdi,carol@example.org,carol
                S4,Dave Neri,dave@example.org,dave
                S5,Erin Gallo,erin@example.org,erin
                S6,Zoe Conti,zoe@example.org,zoe
                """);
        output = temp.resolve("out");
        grades = grade(new WeekOptions(false, List.of(), true, Deadline.parse(DEADLINE), roster,
                Gradebook.Format.EXCEL_IT, 30, true));
        max = grades.maxPoints(LAB);
    }

    static ClassGrades grade(WeekOptions week) throws Exception {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        return new Grader(new Grader.Options(KIT, submissions, output, List.of("lab01"), 2, Duration.ofSeconds(30), true,
                true, false, false), new PrintStream(messages, true, StandardCharsets.UTF_8)).with(week).run();
    }

    @Test
    @Order(1)
    void deadlineGradesTheLastCommitBeforeItAndReportsLateOnes() throws IOException {
        assertThat(grades.grade("erin", LAB).points()).as("erin's commit before the deadline").isEqualTo(max);
        assertThat(grades.grade("erin", LAB).verdict()).isEqualTo(Verdict.GRADED);
        assertThat(grades.grade("frank", LAB).verdict()).as("nothing before the deadline").isEqualTo(Verdict.MISSING);
        Deadline.Outcome erin = grades.notes().deadline.stream().filter(each -> each.student().equals("erin"))
                .findFirst().orElseThrow();
        assertThat(erin.late()).isTrue();
        assertThat(erin.lateCommits()).isEqualTo(1);
        String report = Files.readString(output.resolve("report.html"));
        assertThat(report).contains("id=\"deadline\"").contains("1 commit(s) after the deadline are not graded");
        assertThat(submissions.resolve("erin").resolve(LAB).resolve("src/main/java").resolve(GeneratedClass.SERVER))
                .as("the student's repository is never touched").content().contains("getLocalPort()\n");
    }

    @Test
    @Order(1)
    void copyWithRenamedVariablesRanksTopAndTheStarterIsNotCounted() throws IOException {
        List<Similarity.Pair> pairs = grades.notes().similar.get(LAB);
        assertThat(pairs).isNotEmpty();
        Similarity.Pair top = pairs.get(0);
        assertThat(Set.of(top.first(), top.second())).isIn(Set.of("alice", "bob"), Set.of("alice", "erin"),
                Set.of("bob", "erin"));
        Similarity.Pair aliceAndBob = pairs.stream().filter(pair -> Set.of(pair.first(), pair.second())
                .equals(Set.of("alice", "bob"))).findFirst().orElseThrow();
        assertThat(aliceAndBob.similarity()).as("a copy with renamed variables").isGreaterThan(0.9);
        assertThat(pairs.stream().filter(pair -> pair.first().equals("carol") || pair.second().equals("carol")))
                .as("half of the work in common at most").allMatch(pair -> pair.similarity() < aliceAndBob.similarity());
        assertThat(pairs.stream().filter(pair -> pair.first().equals("dave") || pair.second().equals("dave")))
                .as("an untouched starter shares only the starter, which is base code").allMatch(pair -> pair.similarity() < 0.1);
        String report = Files.readString(output.resolve("report.html"));
        assertThat(report).contains("id=\"similarity\"");
        Path page = output.resolve("similarity").resolve(LAB).resolve(aliceAndBob.pageName());
        assertThat(page).exists();
        assertThat(Files.readString(page)).contains("listener").contains("serverSocket").contains("background:hsl(");
    }

    @Test
    @Order(1)
    void gradebookFollowsTheRosterInItalianSpreadsheetFormatOnThirty() throws IOException {
        byte[] bytes = Files.readAllBytes(output.resolve("gradebook.csv"));
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).substring(1).lines().toList();
        assertThat(lines.get(0)).isEqualTo("id;name;email;folder;" + LAB + " (max " + max + ");total (max " + max
                + ");grade (/30)");
        assertThat(lines.get(1)).isEqualTo("S1;Alice Rossi;alice@example.org;alice;" + max + ";" + max + ";30,0");
        String carol = lines.get(3);
        assertThat(carol).startsWith("S3;Carol Verdi;");
        int carolPoints = grades.grade("carol", LAB).points();
        assertThat(carol).endsWith(";" + String.format(java.util.Locale.ROOT, "%.1f", Gradebook.scaled(carolPoints, max, 30))
                .replace('.', ','));
        assertThat(lines.get(6)).as("zoe did not submit: empty cells").isEqualTo("S6;Zoe Conti;zoe@example.org;zoe;;;");
        assertThat(lines.get(7)).as("a submission the roster does not name comes last").isEqualTo(";;;frank;0;0;0,0");
        String notSubmitted = Files.readString(output.resolve("not-submitted.csv"));
        assertThat(notSubmitted).contains("Zoe Conti (S6);no submission named 'zoe'").contains("frank;");
        assertThat(Files.readString(output.resolve("report.html"))).contains("Zoe Conti (S6)");
    }

    @Test
    @Order(1)
    void teacherSeesFullReasonsHiddenTestsAndLinks() throws IOException {
        String teacher = Files.readString(output.resolve("teacher").resolve("carol.md"));
        assertThat(teacher).contains("```").containsPattern("\\s+at chatlab\\.[A-Za-z]+\\.");
        String feedback = Files.readString(output.resolve("feedback").resolve("alice.md"));
        assertThat(feedback).contains("*(hidden test)*");
        String gradescope = Files.readString(output.resolve("gradescope").resolve("alice").resolve("results.json"));
        assertThat(gradescope).contains("\"after_due_date\"").contains("(hidden test)");
        String report = Files.readString(output.resolve("report.html"));
        assertThat(report).contains("href=\"feedback/alice.md\"").contains("href=\"teacher/alice.md\"");
        grades.notes().flag("carol", LAB, "result tampered");
        assertThat(HtmlReport.of(grades)).as("a place for anomalies").contains("lab01-sockets: result tampered");
    }

    @Test
    @Order(1)
    void mostFailedLeavesOutTheUntouchedStarter() throws IOException {
        assertThat(grades.notes().isUntouched("dave", LAB)).isTrue();
        assertThat(grades.notes().isUntouched("carol", LAB)).isFalse();
        String report = Files.readString(output.resolve("report.html"));
        String mostFailed = report.substring(report.indexOf("Most failed tests"));
        // Ran: alice, bob, carol, erin (dave untouched, frank missing): every count is "of 4".
        assertThat(mostFailed).contains(" of 4<").doesNotContain(" of 5<");
    }

    @Test
    @Order(2)
    void regradeOfOneStudentKeepsEveryoneElse() throws Exception {
        Path aliceFeedback = output.resolve("feedback").resolve("alice.md");
        byte[] aliceBefore = Files.readAllBytes(aliceFeedback);
        long aliceTime = Files.getLastModifiedTime(aliceFeedback).toMillis();
        // carol finished her lab: grade her again, alone.
        Path carolMain = submissions.resolve("carol").resolve(LAB).resolve("src/main");
        GeneratedClass.deleteTree(carolMain);
        GeneratedClass.copy(KIT.resolve("solutions").resolve(LAB).resolve("src/main"), carolMain);
        ClassGrades regraded = grade(new WeekOptions(true, List.of("carol"), false, Deadline.parse(DEADLINE), null,
                Gradebook.Format.RFC4180, null, false));
        assertThat(regraded.grade("carol", LAB).points()).isEqualTo(max);
        assertThat(regraded.students()).containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "erin", "frank");
        for (String student : List.of("alice", "bob", "dave", "erin", "frank")) {
            assertThat(regraded.grade(student, LAB).points()).as(student).isEqualTo(grades.grade(student, LAB).points());
            assertThat(regraded.grade(student, LAB).verdict()).as(student).isEqualTo(grades.grade(student, LAB).verdict());
        }
        assertThat(Files.readAllBytes(aliceFeedback)).isEqualTo(aliceBefore);
        assertThat(Files.getLastModifiedTime(aliceFeedback).toMillis()).as("alice's feedback is not rewritten")
                .isEqualTo(aliceTime);
        assertThat(Files.readString(output.resolve("gradebook.csv"))).contains("carol," + max + "," + max);
        assertThat(Files.readString(output.resolve("feedback").resolve("carol.md"))).contains(max + "/" + max);
    }

    @Test
    @Order(3)
    void regradeOfALabNewToTheFolderGradesItForEveryone() throws Exception {
        Map<String, Integer> before = new java.util.HashMap<>();
        PreviousSession.load(output).forEach(grade -> before.put(grade.student(), grade.points()));
        ClassGrades withLab02 = gradeLabs(List.of("lab02"), new WeekOptions(true, List.of("carol"), false,
                Deadline.parse(DEADLINE), null, Gradebook.Format.RFC4180, null, false));
        assertThat(withLab02.labs()).containsExactly(LAB, "lab02-single-client");
        for (String student : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            assertThat(withLab02.grade(student, "lab02-single-client").verdict()).as(student).isEqualTo(Verdict.MISSING);
            assertThat(withLab02.grade(student, LAB).points()).as(student).isEqualTo(before.get(student));
        }
        assertThat(Files.readString(output.resolve("gradebook.csv"))).contains("lab02-single-client (max ");
    }

    static ClassGrades gradeLabs(List<String> labs, WeekOptions week) throws Exception {
        return new Grader(new Grader.Options(KIT, submissions, output, labs, 2, Duration.ofSeconds(30), false, true, false,
                false), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).with(week).run();
    }

    /** A copy of the echo server with every private name changed and its comments gone, as a student hiding a copy would. */
    static void renameVariables(Path sources) throws IOException {
        Map<String, String> renames = Map.of("serverSocket", "listener", "client", "peer", "line", "received",
                "in", "reader", "out", "writer", "closed", "gone", "brokenClient", "oops", "echoLines", "repeatAll");
        Path server = sources.resolve(GeneratedClass.SERVER);
        String text = Files.readString(server);
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            // Not after a dot: System.out stays System.out.
            text = text.replaceAll("(?<![.\\w])" + rename.getKey() + "\\b", rename.getValue());
        }
        Files.writeString(server, text.replaceAll("(?m)^\\s*//.*$", ""));
    }

    private static boolean gitWorks() {
        try {
            Process git = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            git.getInputStream().readAllBytes();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0;
        } catch (IOException | InterruptedException missing) {
            return false;
        }
    }

    private static void commit(Path repository, String date, String message) throws Exception {
        git(repository, date, "add", "-A");
        git(repository, date, "-c", "user.name=Student", "-c", "user.email=student@example.org", "commit", "-q", "-m",
                message);
    }

    private static void git(Path repository, String date, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_AUTHOR_DATE", date);
        builder.environment().put("GIT_COMMITTER_DATE", date);
        Process git = builder.start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as("git " + String.join(" ", arguments) + ": " + output).isZero();
    }
}

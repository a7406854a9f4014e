package chatlab.teacher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for submissions that are Git repositories (the submission's folder, or its only
 * sub-folder that is one, as a cloned repository often is): each is graded at its last commit dated
 * before the deadline (a fresh clone in the session's work folder: the student's repository is
 * never touched), and a repository with commits after it is reported late. A submission that is
 * not a repository is graded as it is.
 *
 * <p>Dates are the commits' committer dates: what the student's machine said. Where the exact
 * time matters, prefer the time the server received the push (Classroom 50 and Gradescope keep it).
 */
final class Deadline {

    /**
     * What the deadline did to one submission.
     *
     * @param student     the submission
     * @param commit      the commit graded (abbreviated), or null if none was made before the deadline
     * @param committed   its committer date
     * @param lateCommits how many commits are dated after the deadline
     */
    record Outcome(String student, String commit, OffsetDateTime committed, int lateCommits) {

        boolean late() {
            return lateCommits > 0;
        }

        String describe() {
            if (commit == null) {
                return "no commit before the deadline: nothing graded (" + lateCommits + " commit(s) after it)";
            }
            return "graded commit " + commit + " of " + committed + (late() ? "; " + lateCommits
                    + " commit(s) after the deadline are not graded" : "");
        }
    }

    private static final long GIT_LIMIT_SECONDS = 120;

    private Deadline() {
    }

    /**
     * Applies the deadline: every submission that is a Git repository is replaced by a clone at
     * its last commit before the deadline; outcomes are added to {@code outcomes}.
     */
    static List<Submission> apply(List<Submission> submissions, OffsetDateTime deadline, Path work,
                                  List<Outcome> outcomes) throws IOException, InterruptedException {
        List<Submission> graded = new ArrayList<>();
        for (Submission submission : submissions) {
            Path repository = repositoryOf(submission.source());
            if (repository == null) {
                graded.add(submission);
                continue;
            }
            String commit = null;
            OffsetDateTime committed = null;
            int late = 0;
            for (String line : history(repository)) {
                String[] parts = line.trim().split(" ", 2);
                OffsetDateTime date = OffsetDateTime.parse(parts[1]);
                if (date.isAfter(deadline)) {
                    late++;
                } else if (commit == null) {
                    commit = parts[0];
                    committed = date;
                }
            }
            Path copy = work.resolve(Submission.safeName(submission.student()));
            Files.createDirectories(copy);
            if (commit != null) {
                git(work, "clone", "-q", "--no-checkout", repository.toString(), copy.toString());
                git(copy, "-c", "advice.detachedHead=false", "checkout", "-q", commit);
            }
            outcomes.add(new Outcome(submission.student(), commit == null ? null : commit.substring(0, 10), committed, late));
            graded.add(submission.withSource(copy));
        }
        return graded;
    }

    /** Every commit of the checked-out branch, newest first: "hash date"; none for a repository git cannot read. */
    private static List<String> history(Path repository) throws InterruptedException {
        try {
            return git(repository, "log", "--format=%H %cI", "HEAD").lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException noCommits) {
            return List.of();
        }
    }

    /** The Git repository a submission is: its folder, or its only sub-folder that is one; else null. */
    private static Path repositoryOf(Path source) throws IOException {
        if (Files.isDirectory(source.resolve(".git"))) {
            return source;
        }
        if (!Files.isDirectory(source)) {
            return null;
        }
        try (var children = Files.list(source)) {
            List<Path> repositories = children.filter(child -> Files.isDirectory(child.resolve(".git"))).toList();
            return repositories.size() == 1 ? repositories.get(0) : null;
        }
    }

    /** Runs git and returns its output; a failure is an IOException naming the command. */
    private static String git(Path folder, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        git.getOutputStream().close();
        byte[] output = git.getInputStream().readAllBytes();
        if (!git.waitFor(GIT_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new IOException("git took too long in " + folder + ": " + String.join(" ", command));
        }
        if (git.exitValue() != 0) {
            throw new IOException("git failed in " + folder + " (" + String.join(" ", command) + "): "
                    + new String(output, StandardCharsets.UTF_8).trim());
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /** The deadline as the option writes it: date, time and offset, e.g. 2026-12-01T23:59+01:00. */
    static OffsetDateTime parse(String text) {
        try {
            return OffsetDateTime.parse(text.trim());
        } catch (java.time.format.DateTimeParseException bad) {
            throw new IllegalArgumentException("the deadline '" + text + "' is not a date and time with its offset,"
                    + " e.g. 2026-12-01T23:59+01:00");
        }
    }
}

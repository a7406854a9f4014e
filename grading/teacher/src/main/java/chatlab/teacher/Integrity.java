package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.grading.Mode;
import chatlab.grading.TestResult;
import chatlab.grading.TestResult.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what a test run reported into a result the grader can stand behind. Points come only
 * from the calibration (the kit's run on its reference solution): which tests exist, what each
 * is worth. Outcomes come only from the signed {@link ResultChannel}. The {@code result.json}
 * that the run's JVM writes is only compared with them: wherever it claims more than the
 * channel, names tests the kit does not have, or changes points, the run was tampered with.
 */
final class Integrity {

    /**
     * The checked result of a run.
     *
     * @param result    every test of the calibration with its outcome (tests never reported: NOT_RUN)
     * @param complete  true if the end of the test plan was reported
     * @param tampering what does not match; empty for an honest run
     */
    record Checked(LabResult result, boolean complete, List<String> tampering) {
    }

    /**
     * Why a test has no outcome, by how the run ended.
     *
     * @param neverRan      for a test that never started
     * @param stoppedDuring for the test that was running when the JVM stopped
     * @param blamed        that test's status: FAILED when the code stopped the JVM, NOT_RUN when the grader did
     */
    record Reasons(String neverRan, String stoppedDuring, Status blamed) {
    }

    private Integrity() {
    }

    /**
     * @param reference   the calibration: the tests and their points
     * @param channel     what the run's JVM reported over the signed channel
     * @param file        the run's result.json, or null if it wrote none (or an unreadable one)
     * @param fileIsStale true if result.json is older than the run's start
     * @param timedOut    true if the run was killed at the time limit (the file may then be one test ahead)
     */
    static Checked check(String lab, LabResult reference, ResultChannel.Report channel, LabResult file,
                         boolean fileIsStale, boolean timedOut, Reasons reasons) {
        List<String> tampering = new ArrayList<>(channel.problems());
        Map<String, TestResult> known = new HashMap<>();
        reference.tests().forEach(test -> known.put(test.id(), test));

        Set<String> unknown = new LinkedHashSet<>();
        channel.planned().stream().filter(id -> !known.containsKey(id)).forEach(unknown::add);
        channel.outcomes().keySet().stream().filter(id -> !known.containsKey(id)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            tampering.add("the run reported tests the kit does not have: " + shortList(unknown));
        }
        if (channel.ended() && channel.planned().isEmpty()) {
            tampering.add("the run ended without a test plan");
        }
        Map<String, TestResult> written = new HashMap<>();
        if (file != null) {
            file.tests().stream().filter(java.util.Objects::nonNull).forEach(test -> written.putIfAbsent(test.id(), test));
            checkFile(file, known, channel, fileIsStale, timedOut, reference.maxPoints(), tampering);
        }

        List<TestResult> tests = new ArrayList<>();
        for (TestResult expected : reference.tests()) {
            ResultChannel.Outcome outcome = channel.outcomes().get(expected.id());
            Status status = outcome != null ? outcome.status()
                    : channel.running().contains(expected.id()) ? reasons.blamed() : Status.NOT_RUN;
            TestResult fromFile = written.get(expected.id());
            if (fromFile != null && fromFile.status() == status && fromFile.points() == expected.points()
                    && java.util.Objects.equals(fromFile.name(), expected.name())) {
                // The file agrees: keep its entry, with whatever detail the kit's listener records.
                tests.add(fromFile);
            } else if (outcome != null) {
                tests.add(withOutcome(expected, status, outcome.reason()));
            } else {
                boolean running = channel.running().contains(expected.id());
                tests.add(withOutcome(expected, running ? reasons.blamed() : Status.NOT_RUN,
                        running ? reasons.stoppedDuring() : reasons.neverRan()));
            }
        }
        if (!tampering.isEmpty()) {
            String reason = "not counted: the result of this run was tampered with";
            tests.replaceAll(test -> withOutcome(test, Status.NOT_RUN, reason));
        }
        return new Checked(new LabResult(lab, Mode.STUDENT.label(), channel.ended(), tests, reference.language()),
                channel.ended(), tampering);
    }

    /** Wherever the run's own file claims more than the channel or the calibration allow, it was forged. */
    private static void checkFile(LabResult file, Map<String, TestResult> known, ResultChannel.Report channel,
                                  boolean fileIsStale, boolean timedOut, int maxPoints, List<String> tampering) {
        if (fileIsStale) {
            tampering.add("result.json was written before the run began");
        }
        Set<String> strangers = new LinkedHashSet<>();
        Set<String> repriced = new LinkedHashSet<>();
        Set<String> unreported = new LinkedHashSet<>();
        for (TestResult test : file.tests()) {
            if (test == null) {
                continue;
            }
            TestResult expected = known.get(test.id());
            if (expected == null) {
                strangers.add(test.id());
                continue;
            }
            if (test.points() != expected.points()) {
                repriced.add(test.id());
            }
            ResultChannel.Outcome outcome = channel.outcomes().get(test.id());
            boolean channelKnows = outcome != null || channel.ended() || !timedOut && !channel.running().contains(test.id());
            if (test.status() == Status.PASSED && (outcome != null ? outcome.status() != Status.PASSED : channelKnows)) {
                unreported.add(test.id());
            }
        }
        if (!strangers.isEmpty()) {
            tampering.add("result.json names tests the kit does not have: " + shortList(strangers));
        }
        if (!repriced.isEmpty()) {
            tampering.add("result.json gives other points than the kit's to: " + shortList(repriced));
        }
        long claimed = file.tests().stream().filter(java.util.Objects::nonNull)
                .filter(test -> test.status() == Status.PASSED).mapToLong(test -> Math.max(0, test.points())).sum();
        if (claimed > maxPoints) {
            tampering.add("result.json claims " + claimed + " points, more than the maximum " + maxPoints);
        }
        if (!unreported.isEmpty()) {
            tampering.add("result.json says passed where the tests did not pass: " + shortList(unreported));
        }
        if (file.complete() && !channel.ended() && !timedOut) {
            tampering.add("result.json says the run was complete, but the tests did not finish");
        }
    }

    static TestResult withOutcome(TestResult test, Status status, String reason) {
        return test.withOutcome(status, reason); // keeps the calibration's step and guard penalty
    }

    private static String shortList(Set<String> ids) {
        List<String> shown = ids.stream().limit(3).toList();
        return String.join(", ", shown) + (ids.size() > shown.size() ? " and " + (ids.size() - shown.size()) + " more" : "");
    }
}

package chatlab.teacher;

import chatlab.grading.LabResult;
import chatlab.grading.TestResult;
import chatlab.grading.TestResult.Status;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that turn a run's report into points (no processes: fast): the channel accepts only
 * signed messages in order, and result.json may never claim more than the channel and the
 * calibration allow.
 */
class IntegrityIT {

    static final LabResult REFERENCE = new LabResult("lab01-sockets", "student", false, List.of(
            test("chatlab.EchoServerTest#one", 2, Status.NOT_RUN), test("chatlab.EchoServerTest#two", 1, Status.NOT_RUN)));
    static final Integrity.Reasons REASONS = new Integrity.Reasons("never ran", "stopped during it", Status.FAILED);

    @Test
    void anHonestRunIsCountedFromTheChannelAndKeepsTheFilesEntries() throws Exception {
        ResultChannel channel = channel(List.of("plan\tchatlab.EchoServerTest#one\tchatlab.EchoServerTest#two",
                "PASSED\tchatlab.EchoServerTest#one\t", "FAILED\tchatlab.EchoServerTest#two\texpected x", "end"));
        LabResult file = file(true, test("chatlab.EchoServerTest#one", 2, Status.PASSED),
                test("chatlab.EchoServerTest#two", 1, Status.FAILED));
        Integrity.Checked checked = Integrity.check("lab01-sockets", REFERENCE, channel.report(), file, false, false, REASONS);
        assertThat(checked.tampering()).isEmpty();
        assertThat(checked.result().points()).isEqualTo(2);
        assertThat(checked.complete()).isTrue();
    }

    @Test
    void aForgedFileIsTamperingAndCountsNothing() throws Exception {
        ResultChannel channel = channel(List.of("plan\tchatlab.EchoServerTest#one\tchatlab.EchoServerTest#two",
                "start\tchatlab.EchoServerTest#one"));
        LabResult forged = file(true, test("chatlab.EchoServerTest#one", 5000, Status.PASSED),
                test("chatlab.EchoServerTest#two", 1, Status.PASSED), test("chatlab.Bonus#bonus", 1500, Status.PASSED));
        Integrity.Checked checked = Integrity.check("lab01-sockets", REFERENCE, channel.report(), forged, false, false, REASONS);
        assertThat(String.join("\n", checked.tampering())).contains("tests the kit does not have: chatlab.Bonus#bonus")
                .contains("other points than the kit's to: chatlab.EchoServerTest#one")
                .contains("more than the maximum 3")
                .contains("says passed where the tests did not pass: chatlab.EchoServerTest#two")
                .contains("complete, but the tests did not finish");
        assertThat(checked.result().points()).isZero();
    }

    @Test
    void aStaleFileOrAClaimBeyondTheChannelIsTampering() throws Exception {
        ResultChannel channel = channel(List.of("plan\tchatlab.EchoServerTest#one\tchatlab.EchoServerTest#two",
                "FAILED\tchatlab.EchoServerTest#one\tno", "NOT_RUN\tchatlab.EchoServerTest#two\tskipped", "end"));
        LabResult file = file(true, test("chatlab.EchoServerTest#one", 2, Status.PASSED),
                test("chatlab.EchoServerTest#two", 1, Status.NOT_RUN));
        assertThat(Integrity.check("lab01-sockets", REFERENCE, channel.report(), file, true, false, REASONS).tampering())
                .anyMatch(finding -> finding.contains("written before the run began"))
                .anyMatch(finding -> finding.contains("says passed where the tests did not pass"));
    }

    @Test
    void testsThatCouldNotLoadAreNotRunNotTampering() throws Exception {
        ResultChannel channel = channel(List.of("plan\tchatlab.EchoServerTest#one", "PASSED\tchatlab.EchoServerTest#one\t", "end"));
        Integrity.Checked checked = Integrity.check("lab01-sockets", REFERENCE, channel.report(), null, false, false, REASONS);
        assertThat(checked.tampering()).isEmpty();
        assertThat(checked.result().tests()).extracting(TestResult::status).containsExactly(Status.PASSED, Status.NOT_RUN);
    }

    @Test
    void theRunningTestIsBlamedWhenTheJvmStops() throws Exception {
        ResultChannel channel = channel(List.of("plan\tchatlab.EchoServerTest#one\tchatlab.EchoServerTest#two",
                "start\tchatlab.EchoServerTest#one"));
        Integrity.Checked checked = Integrity.check("lab01-sockets", REFERENCE, channel.report(), null, false, false, REASONS);
        assertThat(checked.tampering()).isEmpty();
        assertThat(checked.complete()).isFalse();
        assertThat(checked.result().tests()).extracting(TestResult::status).containsExactly(Status.FAILED, Status.NOT_RUN);
        assertThat(checked.result().tests().get(0).reason()).isEqualTo("stopped during it");
    }

    @Test
    void theChannelRefusesForgedLostAndReplayedMessages() throws Exception {
        ResultChannel channel = new ResultChannel();
        String key = new String(channel.secretLine(), StandardCharsets.US_ASCII).trim();
        String stream = "JVM warning on stdout\n"
                + signed(key, 0, "plan\tchatlab.EchoServerTest#one") + "\n"
                + "@@chatlab-result@@ 1 " + Base64.getEncoder().encodeToString("end".getBytes(StandardCharsets.UTF_8))
                + " 00ff\n"
                + signed(key, 3, "end") + "\n"
                + signed(key, 0, "plan\tchatlab.EchoServerTest#one") + "\n";
        channel.readAll(new ByteArrayInputStream(stream.getBytes(StandardCharsets.ISO_8859_1)));
        ResultChannel.Report report = channel.report();
        assertThat(report.planned()).containsExactly("chatlab.EchoServerTest#one");
        assertThat(report.ended()).isFalse();
        assertThat(report.problems()).anyMatch(problem -> problem.contains("wrong signature"))
                .anyMatch(problem -> problem.contains("lost or replayed"));
    }

    static ResultChannel channel(List<String> messages) throws Exception {
        ResultChannel channel = new ResultChannel();
        String key = new String(channel.secretLine(), StandardCharsets.US_ASCII).trim();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            lines.add(signed(key, i, messages.get(i)));
        }
        channel.readAll(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(channel.report().problems()).isEmpty();
        return channel;
    }

    /** A message as the test JVM's runner signs it. */
    static String signed(String key, long sequence, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HexFormat.of().parseHex(key), "HmacSHA256"));
        String body = sequence + " " + Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
        return "@@chatlab-result@@ " + body + " " + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
    }

    static LabResult file(boolean complete, TestResult... tests) {
        return new LabResult("lab01-sockets", "student", complete, List.of(tests));
    }

    static TestResult test(String id, int points, Status status) {
        return new TestResult(id, id.substring(id.indexOf('#') + 1), points, false, status, null);
    }
}

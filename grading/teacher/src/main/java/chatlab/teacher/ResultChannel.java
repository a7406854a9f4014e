package chatlab.teacher;

import chatlab.grading.TestResult.Status;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grader's side of the test JVM's result channel (see {@code chatlab.teacher.run.SealedChannel}):
 * a fresh secret per run, given on the JVM's standard input, and the signed, numbered messages
 * read back from its standard output. Only messages with a valid signature and the next number
 * count; anything else that looks like a message is a sign of tampering.
 */
final class ResultChannel {

    static final String MARKER = "@@chatlab-result@@";
    /** Bounds what a run can make the grader keep. */
    private static final int MAX_MESSAGES = 20_000;
    private static final int MAX_LINE = 64 * 1024;

    /**
     * What the channel said.
     *
     * @param planned  the test methods JUnit planned, in order (empty if no plan arrived)
     * @param outcomes per test: its status and reason, for the tests whose outcome arrived
     * @param running  tests started and without an outcome (the JVM stopped during them)
     * @param ended    true if the end of the plan arrived
     * @param problems signs of tampering: forged, lost or reordered messages
     */
    record Report(List<String> planned, Map<String, Outcome> outcomes, List<String> running, boolean ended,
                  List<String> problems) {
    }

    /** One test's outcome as the channel told it. */
    record Outcome(Status status, String reason) {
    }

    private final byte[] secret = new byte[32];
    private final Mac mac;
    private final List<String> planned = new ArrayList<>();
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final List<String> running = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean ended;
    private long expected;

    ResultChannel() {
        new SecureRandom().nextBytes(secret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** The line to write on the test JVM's standard input. */
    byte[] secretLine() {
        return (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the JVM's standard output to its end; lines that are not messages are ignored. */
    void readAll(InputStream out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.ISO_8859_1))) {
            for (String line; (line = reader.readLine()) != null; ) {
                int at = line.indexOf(MARKER);
                if (at >= 0) {
                    accept(line.substring(at + MARKER.length()).trim());
                }
            }
        } catch (IOException closed) {
            // The process is gone, or we stopped listening.
        }
    }

    private synchronized void accept(String message) {
        if (expected >= MAX_MESSAGES || message.length() > MAX_LINE) {
            problem("more messages than any lab's tests send");
            return;
        }
        String[] parts = message.split(" ");
        if (parts.length != 3 || !valid(parts[0] + " " + parts[1], parts[2])) {
            problem("a result message with a wrong signature (forged)");
            return;
        }
        if (!parts[0].equals(String.valueOf(expected))) {
            problem("result message " + parts[0] + " arrived where " + expected + " was due (lost or replayed)");
            return;
        }
        expected++;
        String[] fields = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8).split("\t", -1);
        switch (fields[0]) {
            case "plan" -> planned.addAll(List.of(fields).subList(1, fields.length));
            case "start" -> running.add(fields[1]);
            case "end" -> ended = true;
            default -> {
                running.remove(fields[1]);
                Outcome outcome = new Outcome(Status.valueOf(fields[0]),
                        fields.length > 2 && !fields[2].isEmpty() ? fields[2] : null);
                // A failure is final: a later message may only turn a pass into a failure.
                outcomes.merge(fields[1], outcome, (before, after) -> before.status() == Status.FAILED ? before : after);
            }
        }
    }

    private boolean valid(String signed, String signature) {
        byte[] expectedMac;
        synchronized (mac) {
            expectedMac = mac.doFinal(signed.getBytes(StandardCharsets.ISO_8859_1));
        }
        try {
            return MessageDigest.isEqual(expectedMac, HexFormat.of().parseHex(signature));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
    }

    private void problem(String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    synchronized Report report() {
        return new Report(List.copyOf(planned), Map.copyOf(outcomes), List.copyOf(running), ended, List.copyOf(problems));
    }
}

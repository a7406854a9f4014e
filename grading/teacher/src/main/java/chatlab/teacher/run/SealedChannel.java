package chatlab.teacher.run;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test JVM's side of the channel that carries results to the grader: numbered messages on
 * the JVM's original standard output, each signed (HMAC-SHA256) with the run's secret.
 *
 * <p>The grader writes the secret on the JVM's standard input and closes it; {@link #open()}
 * reads it before any student class is loaded, and keeps it only inside this object, in a
 * module that opens nothing to reflection. Student code that prints, writes result files or
 * writes on the standard output itself cannot produce a signed message; messages lost or
 * reordered break the numbering. See grading/README.md, "Integrity".
 */
final class SealedChannel {

    /** What starts every message line; the grader ignores other lines (JVM warnings, stray output). */
    static final String MARKER = "@@chatlab-result@@";
    private static final int SECRET_HEX_LENGTH = 64;

    private final Mac mac;
    private final OutputStream out;
    private long sequence;

    private SealedChannel(Mac mac, OutputStream out) {
        this.mac = mac;
        this.out = out;
    }

    /** Reads the secret from standard input (byte by byte, unbuffered, so no copy lingers in a buffer). */
    static SealedChannel open() throws IOException, GeneralSecurityException {
        byte[] hex = new byte[SECRET_HEX_LENGTH];
        int length = 0;
        FileInputStream in = new FileInputStream(FileDescriptor.in);
        for (int next; length < hex.length && (next = in.read()) >= 0 && next != '\n'; ) {
            hex[length++] = (byte) next;
        }
        if (length != SECRET_HEX_LENGTH) {
            throw new IOException("no secret on standard input: this JVM is started by the batch grader");
        }
        byte[] key = HexFormat.of().parseHex(new String(hex, StandardCharsets.US_ASCII));
        Arrays.fill(hex, (byte) 0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        Arrays.fill(key, (byte) 0);
        return new SealedChannel(mac, new FileOutputStream(FileDescriptor.out));
    }

    /**
     * Sends one message: a line "MARKER sequence payload signature", written in one call and
     * preceded by a line break, so stray output without one cannot glue itself to the message.
     */
    synchronized void send(String message) {
        String payload = Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
        String signed = (sequence++) + " " + payload;
        String signature = HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        try {
            out.write(("\n" + MARKER + " " + signed + " " + signature + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException gone) {
            // The grader stopped listening (the run was killed): nothing left to tell it.
        }
    }
}

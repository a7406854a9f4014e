package chatlab.grading.samples;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Scanner;

/** Samples for CharsetRuleIT: each line marked "breaks" must be reported, no other line. */
@SuppressWarnings({"unused", "resource", "deprecation"})
public final class CharsetSamples {

    private CharsetSamples() {
    }

    static void breaksTheRule(Socket socket, byte[] bytes, String text) throws Exception {
        new BufferedReader(new InputStreamReader(socket.getInputStream())); // breaks
        new PrintWriter(socket.getOutputStream(), true); // breaks
        new OutputStreamWriter(socket.getOutputStream()); // breaks
        new String(bytes); // breaks
        text.getBytes(); // breaks
        new Scanner(socket.getInputStream()); // breaks
        new FileWriter("chat_log.txt", true); // breaks
        new FileReader("chat_log.txt"); // breaks
        new ByteArrayOutputStream().toString(); // breaks
        new DataOutputStream(socket.getOutputStream()).writeBytes(text); // breaks
        Charset.defaultCharset(); // breaks
    }

    static void keepsTheRule(Socket socket, byte[] bytes, String text) throws Exception {
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
        new String(bytes, StandardCharsets.UTF_8);
        text.getBytes(StandardCharsets.UTF_8);
        new Scanner(socket.getInputStream(), StandardCharsets.UTF_8);
        new FileWriter("chat_log.txt", StandardCharsets.UTF_8, true);
        Files.newBufferedReader(Path.of("chat_log.txt"));
        Files.newBufferedWriter(Path.of("chat_log.txt"), StandardOpenOption.APPEND);
        Files.readAllLines(Path.of("chat_log.txt"));
        // The console keeps its own charset.
        new Scanner(System.in);
        new BufferedReader(new InputStreamReader(System.in));
        new PrintWriter(System.out, true);
        new PrintStream(System.err);
    }
}

package chatlab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario of a test in a JVM of its own (same class path, all of the JDK's modules), for
 * the scenarios that need what a graded test JVM may not use, such as the debugger interface of
 * {@link DebuggedJvm} (the batch grader's test JVMs see only Java SE). The scenario's main class
 * prints {@code PASS}, or {@code FAIL} followed by the failure's message, on its last lines.
 */
public final class ChildScenario {

    /** The line a scenario prints before the message of its failure. */
    public static final String FAIL = "FAIL";
    /** The line a scenario prints when it holds. */
    public static final String PASS = "PASS";

    private ChildScenario() {
    }

    /** Runs {@code mainClass scenario}; fails with the scenario's own message if it does not print PASS. */
    public static void run(String mainClass, String scenario, Duration limit) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"), mainClass, scenario));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the scenario '" + scenario + "' did not end within " + limit.toSeconds()
                    + " s (the machine may be very busy): " + tail(output.getNow("")));
        }
        String text = output.join();
        int fail = text.lastIndexOf("\n" + FAIL + "\n");
        if (fail >= 0) {
            throw new AssertionError(text.substring(fail + FAIL.length() + 2).strip());
        }
        if (!text.strip().endsWith(PASS)) {
            throw new AssertionError("the scenario '" + scenario + "' ended without a verdict: " + tail(text));
        }
    }

    /** A scenario's body: it fails by throwing (an AssertionError says what went wrong). */
    @FunctionalInterface
    public interface Scenario {
        void run() throws Exception;
    }

    /** For a scenario's main: runs it, prints PASS or FAIL and the message, and ends the JVM. */
    public static void main(Scenario scenario) {
        int status = 0;
        try {
            scenario.run();
            System.out.println(PASS);
        } catch (Throwable failure) {
            System.out.println();
            System.out.println(FAIL);
            System.out.println(failure.getMessage() != null ? failure.getMessage() : failure.toString());
            status = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(status); // threads of the scenario may still wait: end now
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        return text.length() > 800 ? "..." + text.substring(text.length() - 800) : text;
    }
}

package chatlab.grading;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A lab's graded test run in the build: runs the lab's tests in a test JVM of its own, then
 * prints the score table ({@link ScoreReport}) as the last thing of the run.
 *
 * <p>Why not Surefire: when student code calls {@code System.exit} or {@code Runtime.halt},
 * Surefire's fork dies "without saying goodbye" and Surefire stops the build before any later
 * step could print the table. Here the test JVM is this step's child: whatever happens in it
 * (exit, halt, crash, a hang past the time limit), the table is printed from {@code result.json},
 * which {@link GradingListener} keeps up to date after every test.
 *
 * <p>Run by the root pom's {@code score} execution (exec:java, test class path), with
 * {@code key=value} arguments: {@code result}, {@code mode}, {@code skip} (skipTests and
 * maven.test.skip), {@code testClasses}, {@code lab}, {@code jvm} (the test JVM's options),
 * {@code timeout} (seconds), {@code test} (like Surefire's -Dtest), {@code exclude} (class name
 * patterns), {@code strict}, {@code stepsRequired}, {@code basedir} (the test JVM's working folder),
 * {@code lang} (the language of the feedback, "it" or "en": {@link Feedback}).
 */
public final class GradedRun {

    private GradedRun() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = options(args);
        for (String flag : options.getOrDefault("skip", "false,false").split(",", -1)) {
            if (ScoreReport.isTrue(flag.trim())) {
                return;
            }
        }
        Path resultFile = Path.of(options.get("result"));
        Mode mode = Mode.parse(options.get("mode"));
        Path testClasses = Path.of(options.get("testClasses"));
        if (!Files.isDirectory(testClasses)) {
            System.out.println("[grading] " + options.get("lab") + " has no tests to run.");
            return;
        }
        long limit = Long.parseLong(options.getOrDefault("timeout", "300").trim());
        if (options.getOrDefault("task", "score").equals("steps")) {
            proveSteps(options, testClasses, limit);
            return;
        }
        if (mode != Mode.STUDENT && !Files.exists(testClasses.resolve("junit-platform.properties"))) {
            throw new ScoreReport.GradingFailure(options.get("lab") + " has no src/test/resources/junit-platform.properties:"
                    + " without it an IDE runs the tests without their time-outs (copy lab01's, see grading/README.md).");
        }
        Files.deleteIfExists(resultFile);
        Path stackTraces = resultFile.resolveSibling("stack-traces.txt");
        Files.deleteIfExists(stackTraces);
        if (!unset(options.get("test")).isEmpty()) {
            System.out.println("[grading] " + Texts.in(language(options)).get("score.only.chosen",
                    unset(options.get("test"))));
        }
        String stopped = runTests(options, resultFile, testClasses, stackTraces, limit);
        if (stopped != null) {
            System.out.println("[grading] " + stopped);
        }
        ScoreReport.report(resultFile, mode, new ScoreReport.Rules(isSet(options.get("strict")),
                isSet(options.get("stepsRequired")), unset(options.get("test"))), System.out);
    }

    /** Runs the tests in a child JVM; returns why it was stopped, or null if it ended by itself. */
    private static String runTests(Map<String, String> options, Path resultFile, Path testClasses,
                                   Path stackTraces, long limitSeconds) throws IOException, InterruptedException {
        Process tests = fork(options, List.of("-Dgrading.result=" + resultFile.toAbsolutePath(),
                "-Dgrading.lab=" + options.get("lab"), "-Dgrading.mode=" + options.get("mode"),
                "-Dgrading.lang=" + language(options)),
                RunGradedTests.class, List.of(testClasses.toString(), stackTraces.toString(),
                        unset(options.get("test")), unset(options.get("exclude"))));
        if (tests.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            return null;
        }
        kill(tests);
        return Texts.in(language(options)).get("score.stopped", options.get("lab"), limitSeconds);
    }

    /** The step proof of a solution ({@link StepProof}). */
    private static void proveSteps(Map<String, String> options, Path testClasses, long limitSeconds)
            throws IOException, InterruptedException {
        int parallel = Integer.parseInt(options.getOrDefault("parallel", "2").trim());
        boolean holds = StepProof.prove(Path.of(options.get("sources")), testClasses, Path.of(options.get("classes")),
                Path.of(options.get("work")), options.get("lab"), unset(options.get("exclude")),
                List.of(classPath().split(File.pathSeparator)), jvmOptions(options), limitSeconds, parallel);
        if (!holds) {
            throw new ScoreReport.GradingFailure("the step proof of " + options.get("lab") + " failed (see above):"
                    + " each graded test must pass once its @Step and the steps before it are done, and fail"
                    + " while its step is still TODO.");
        }
    }

    private static List<String> jvmOptions(Map<String, String> options) {
        List<String> jvm = new ArrayList<>();
        for (String option : options.getOrDefault("jvm", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                jvm.add(option);
            }
        }
        return jvm;
    }

    private static Process fork(Map<String, String> options, List<String> properties, Class<?> main,
                                List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(options));
        command.addAll(properties);
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(arguments);
        System.out.flush();
        // In the module's folder, as Surefire does: a lab that writes chat_log.txt writes it there.
        String folder = unset(options.get("basedir"));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (!folder.isEmpty()) {
            builder.directory(new File(folder));
        }
        return builder.start();
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The build's test class path: exec:java runs this class in a class loader made of it. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null;
             loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException notAFile) {
                        // not a local file: not part of a Maven class path
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            return System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The students' language: the {@code lang} argument (the build's {@code grading.lang}, which
     * is {@code user.language} unless set), else this JVM's ({@link Feedback#studentLanguage()}).
     */
    private static String language(Map<String, String> options) {
        String lang = unset(options.get("lang"));
        return lang.isEmpty() ? Feedback.studentLanguage() : Feedback.normalized(lang);
    }

    /** A Maven property that is not set arrives as its own "${name}". */
    private static String unset(String value) {
        return value == null || value.startsWith("${") ? "" : value.trim();
    }

    private static boolean isSet(String flag) {
        return flag != null && flag.trim().equalsIgnoreCase("true");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                options.put(arg.substring(0, equals).trim(), arg.substring(equals + 1));
            }
        }
        return options;
    }
}

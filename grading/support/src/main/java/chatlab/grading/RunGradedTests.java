package chatlab.grading;

import chatlab.testkit.ThreadFailures;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.MethodFilter;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

/**
 * The main class of the test JVM that {@link GradedRun} starts: runs every test class of the
 * lab's compiled tests on the JUnit Platform, as an IDE does. {@link GradingListener} (found by
 * JUnit on the class path) writes result.json; this class writes the failures' stack traces.
 *
 * <p>Usage: {@code RunGradedTests <test classes> <stack traces file> <test filter> <excludes>};
 * the filter is Surefire's -Dtest form (comma-separated {@code Class}, {@code Class#method},
 * {@code *} wildcards), empty for every test; excludes are class name patterns, e.g.
 * {@code **}{@code /ChatClientWindowTest}.
 */
public final class RunGradedTests {

    private RunGradedTests() {
    }

    public static void main(String[] args) {
        run(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : "", args.length > 3 ? args[3] : "");
        // Student code may leave threads running that would keep this JVM alive: stop now.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Runs the tests; the listeners given are added to the ones JUnit finds by itself. */
    static void run(Path testClasses, Path stackTraces, String test, String excludes,
                    TestExecutionListener... listeners) {
        run(testClasses, stackTraces, test, excludes, Map.of(), null, listeners);
    }

    /**
     * Runs the tests, with these JUnit settings over the usual ones, and only the tests this
     * filter keeps (null: every test).
     */
    static void run(Path testClasses, Path stackTraces, String test, String excludes, Map<String, String> settings,
                    PostDiscoveryFilter filter, TestExecutionListener... listeners) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(testClasses))).configurationParameters(settings);
        if (filter != null) {
            request.filters(filter);
        }
        List<String> classes = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        for (String each : test.split(",")) {
            if (each.isBlank()) {
                continue;
            }
            String[] parts = each.trim().split("#", 2);
            classes.add(".*\\b" + wildcards(parts[0].replace(".java", "")) + "$");
            if (parts.length == 2) {
                methods.add(".*\\b" + wildcards(parts[0].replace(".java", "")) + "#" + wildcards(parts[1]) + "(\\(.*\\))?$");
            }
        }
        request.filters(ClassNameFilter.includeClassNamePatterns(
                classes.isEmpty() ? new String[] {ClassNameFilter.STANDARD_INCLUDE_PATTERN} : classes.toArray(String[]::new)));
        if (!methods.isEmpty()) {
            request.filters(MethodFilter.includeMethodNamePatterns(methods.toArray(String[]::new)));
        }
        for (String exclude : excludes.split(",")) {
            if (!exclude.isBlank()) {
                request.filters(ClassNameFilter.excludeClassNamePatterns(".*\\b" + wildcards(exclude.trim()
                        .replace("**/", "").replace(".java", "").replace('/', '.')) + "$"));
            }
        }
        LauncherDiscoveryRequest discovery = request.build();
        List<TestExecutionListener> all = new ArrayList<>(List.of(listeners));
        all.add(new StackTraces(stackTraces));
        LauncherFactory.create().execute(discovery, all.toArray(TestExecutionListener[]::new));
    }

    private static String wildcards(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return regex.toString();
    }

    /** Appends the full stack trace of every failure to one file (the table shows the reason only). */
    private static final class StackTraces implements TestExecutionListener {
        private final Path file;

        StackTraces(Path file) {
            this.file = file;
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            result.getThrowable().ifPresent(failure -> append("=== " + identifier.getDisplayName() + "  ["
                    + identifier.getUniqueId() + "]\n" + trace(failure) + "\n"));
            if (identifier.isTest()) {
                // Threads the test started that died of an exception nobody caught: not printed
                // above the score table, filed here.
                for (ThreadFailures.Failure died : ThreadFailures.sinceTestStart()) {
                    if (died.uncaught()) {
                        append("=== " + identifier.getDisplayName() + ": the thread \"" + died.thread().getName()
                                + "\" died of\n" + trace(died.error()) + "\n");
                    }
                }
            }
        }

        private static String trace(Throwable failure) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            return trace.toString();
        }

        private void append(String entry) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

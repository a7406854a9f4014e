package chatlab.teacher.run;

import chatlab.grading.GradingListener;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

/**
 * The main class of the test JVM that the batch grader starts for one submission and one lab:
 * it runs every test class found in the kit's compiled tests folder.
 *
 * <p>Usage: {@code RunLabTests <test classes folder> [key=value JUnit configuration]...}, with the
 * run's secret as the first line of standard input. Results go to the grader over the
 * {@link SealedChannel} (the original standard output); everything the tests and the code print
 * goes to standard error. The kit's GradingListener still writes {@code result.json} where
 * {@code grading.result} says, but the grader only checks that file against the channel.
 *
 * <p>Only what the kit asked for runs: the Jupiter engine, the kit's listener, the configuration
 * given here. Listeners, engines, filters or a {@code junit-platform.properties} that a
 * submission ships in its resources are ignored.
 */
public final class RunLabTests {

    private RunLabTests() {
    }

    public static void main(String[] args) throws Exception {
        // Before any test or student class loads: take the secret, then hand the standard
        // output to the channel alone. Printing goes to standard error.
        SealedChannel channel = SealedChannel.open();
        System.setIn(InputStream.nullInputStream());
        PrintStream printed = new PrintStream(new FileOutputStream(FileDescriptor.err), true, printedCharset());
        System.setOut(printed);
        System.setErr(printed);

        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of(args[0]))))
                .filters(includeEngines("junit-jupiter"))
                .enableImplicitConfigurationParameters(false);
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            request.configurationParameter(args[i].substring(0, equals).trim(), args[i].substring(equals + 1).trim());
        }
        request.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false");
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                // Beside the sealed results (points), the full reason and trace of each failure, for the teacher.
                .addTestExecutionListeners(new GradingListener(), new SealedListener(channel),
                        new FailureDetails(Path.of(FailureDetails.FILE)))
                .build());
        launcher.execute(discovery);
        // Student code may leave threads running that would keep this JVM alive: stop now.
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** The encoding the kit's settings give the standard output (-Dstdout.encoding), UTF-8 if none. */
    private static Charset printedCharset() {
        try {
            return Charset.forName(System.getProperty("stdout.encoding", "UTF-8"));
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}

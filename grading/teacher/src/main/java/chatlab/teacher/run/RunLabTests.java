package chatlab.teacher.run;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

/**
 * The main class of the test JVM that the batch grader starts for one submission and one lab:
 * it runs every test class found in the kit's compiled tests folder.
 *
 * <p>Usage: {@code RunLabTests <test classes folder> [key=value JUnit configuration]...}. The
 * kit's GradingListener, found by JUnit on the classpath, writes {@code result.json} where the
 * system property {@code grading.result} says; this class prints nothing of its own.
 */
public final class RunLabTests {

    private RunLabTests() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of(args[0]))));
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            request.configurationParameter(args[i].substring(0, equals).trim(), args[i].substring(equals + 1).trim());
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        // Beside result.json (points), the full reason and trace of each failure, for the teacher.
        launcher.execute(discovery, new FailureDetails(Path.of(FailureDetails.FILE)));
        // Student code may leave threads running that would keep this JVM alive: stop now.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }
}

package chatlab.grading;

import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * What an IDE does when a student runs a lab's tests: every test class of a folder, on the JUnit
 * Platform, with no settings but what the class path carries (junit-platform.properties) and the
 * JVM's own default charset. Used by {@link SameVerdictIT}.
 */
public final class PlainJUnitLaunch {

    private PlainJUnitLaunch() {
    }

    public static void main(String[] args) {
        LauncherFactory.create().execute(request().selectors(selectClasspathRoots(Set.of(Path.of(args[0])))).build());
        Runtime.getRuntime().halt(0);
    }
}

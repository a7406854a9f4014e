package chatlab.teacher;

import chatlab.teacher.Kit.Lab;
import chatlab.teacher.KitBuild.LabSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screening of compiled classes: every reference solution of the kit (launchers, Swing and
 * the virtual-thread lookup of lab06 included) passes it; each thing no lab needs is flagged with
 * its file and line.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BytecodeScreenIT {

    static final Path KIT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void noReferenceSolutionIsFlagged() throws Exception {
        Kit kit = Kit.open(KIT);
        Map<Lab, LabSuite> suites = KitBuild.build(kit, kit.labs(), true, temp.resolve("build.log"), temp.resolve("kit"));
        assertThat(suites).hasSize(kit.labs().size());
        for (LabSuite suite : suites.values()) {
            Path resources = suite.lab().gradingModule().resolve("src/main/resources");
            assertThat(BytecodeScreen.screen(suite.referenceClasses(), resources)).as(suite.lab().name()).isEmpty();
        }
    }

    @Test
    void everyKindOfAttackIsFlaggedWithFileAndLine() throws IOException {
        Path sources = temp.resolve("src");
        Path file = sources.resolve("chatlab/Hostile.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                package chatlab;

                import java.lang.invoke.MethodHandles;
                import java.nio.file.Files;
                import java.nio.file.Path;

                class Hostile {
                    static void attack() throws Exception {
                        new ProcessBuilder("sh").start();
                        Runtime.getRuntime().exec("sh");
                        Runtime.getRuntime().halt(0);
                        System.exit(1);
                        Class.forName("chatlab.grading.GradingListener").getDeclaredField("results").setAccessible(true);
                        Class.forName(String.valueOf(System.nanoTime()));
                        MethodHandles.lookup();
                        System.loadLibrary("evil");
                        System.setProperty("grading.result", "x");
                        Files.readString(Path.of("/proc/self/cmdline"));
                        Files.writeString(Path.of("../../other/EchoServer.java"), "x");
                        ProcessHandle.current().parent();
                        new java.net.URLClassLoader(new java.net.URL[0]);
                    }

                    native void nativeCode();

                    public static void main(String[] args) {
                        System.exit(2); // a launcher may exit with a status
                    }
                }
                """);
        Path classes = temp.resolve("classes");
        assertThat(new StudentCompiler("17").compile(sources, List.of(), classes)).isEmpty();
        Path resources = Files.createDirectories(temp.resolve("resources/META-INF/services"));
        Files.writeString(resources.resolve("org.junit.platform.launcher.TestExecutionListener"), "chatlab.Spy\n");

        List<String> flags = BytecodeScreen.screen(classes, temp.resolve("resources"));

        assertThat(flags).anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:9: creates a ProcessBuilder"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:10: starts a process (Runtime.exec)"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:11: stops the JVM at once (Runtime.halt)"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:12: stops the JVM (System.exit outside a main method)"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:13: loads chatlab.grading.GradingListener by reflection"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:13: reads private members by reflection"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:13: overrides access checks"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:14: loads a class whose name is computed at run time"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:15: uses method handles"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:16: loads native code"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:17: names the system property grading.result"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:17: changes system properties"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:18: names a path outside the lab's working folder: \"/proc/self/cmdline\""))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:19: names a path outside the lab's working folder: \"../../other"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:20: starts or inspects processes"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java:21: creates a URLClassLoader"))
                .anyMatch(flag -> flag.startsWith("chatlab/Hostile.java: declares a native method nativeCode()"))
                .anyMatch(flag -> flag.startsWith("src/main/resources/META-INF/services/org.junit.platform.launcher.TestExecutionListener"))
                .noneMatch(flag -> flag.startsWith("chatlab/Hostile.java:27"));
    }
}

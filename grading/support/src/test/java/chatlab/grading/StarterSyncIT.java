package chatlab.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StarterSyncIT {

    private static final String SOLUTION = String.join("\n",
            "class Server {",
            "    int port() {",
            "        // region Step 1: return the \"real\" port",
            "        return socket.getLocalPort();",
            "        // endregion",
            "    }",
            "    // region Step 2: keep the clients",
            "    //> // private final List<Client> clients = ...;",
            "    private final List<Client> clients = new ArrayList<>();",
            "    // endregion",
            "}",
            "");

    @Test
    void replacesEachRegionByATodoAndAThrowOrByTheGivenStarterLines() {
        assertThat(StarterSync.starterOf(SOLUTION, "Server.java")).isEqualTo(String.join("\n",
                "class Server {",
                "    int port() {",
                "        // TODO Step 1: return the \"real\" port",
                "        throw new UnsupportedOperationException(\"TODO Step 1: return the \\\"real\\\" port\");",
                "    }",
                "    // TODO Step 2: keep the clients",
                "    // private final List<Client> clients = ...;",
                "}",
                ""));
    }

    @Test
    void rejectsBrokenMarkersWithTheirLine() {
        assertThatThrownBy(() -> StarterSync.starterOf("a\n// region Step 1: x\nb\n", "A.java"))
                .hasMessageContaining("A.java:2").hasMessageContaining("without '// endregion'");
        assertThatThrownBy(() -> StarterSync.starterOf("a\n// endregion\n", "A.java"))
                .hasMessageContaining("A.java:2");
    }

    @Test
    void generatesATreeLeavingOutSolutionOnlyFilesAndFindsDrift(@TempDir Path folder) throws IOException {
        Path solution = folder.resolve("solution");
        Files.createDirectories(solution.resolve("java/chatlab"));
        Files.writeString(solution.resolve("java/chatlab/Server.java"), SOLUTION);
        Files.writeString(solution.resolve("java/chatlab/Given.java"), "class Given {}\n");
        Files.writeString(solution.resolve("java/chatlab/Launcher.java"), "// solution-only\nclass Launcher {}\n");

        Map<Path, String> starter = StarterSync.generate(solution);
        assertThat(starter).containsOnlyKeys(Path.of("java/chatlab/Server.java"), Path.of("java/chatlab/Given.java"));
        assertThat(starter.get(Path.of("java/chatlab/Given.java"))).isEqualTo("class Given {}\n");

        Map<Path, String> edited = new java.util.TreeMap<>(starter);
        edited.put(Path.of("java/chatlab/Given.java"), "class Given { int changed; }\n");
        edited.put(Path.of("java/chatlab/Extra.java"), "class Extra {}\n");
        assertThat(StarterSync.compare(starter, edited)).containsExactly(
                "java/chatlab/Given.java: line 1 should be 'class Given {}' but is 'class Given { int changed; }'",
                "java/chatlab/Extra.java: in the starter but not in the solution");
        assertThat(StarterSync.compare(starter, starter)).isEmpty();
    }
}

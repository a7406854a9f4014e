package chatlab.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MistakeCatalogTest {

    private static final String DIFF = "--- a/src/main/java/chatlab/EchoServer.java\n+++ b/src/main/java/chatlab/EchoServer.java\n";

    @TempDir
    Path folder;

    private Path patch(String name, String header) throws IOException {
        return Files.writeString(folder.resolve(name), header + DIFF, StandardCharsets.UTF_8);
    }

    @Test
    void readsTheHeaderOfAMistake() throws IOException {
        Path patch = patch("03-no-flush.patch", "Mistake: never flushes\nKind: Classic\n"
                + "Caught-by: EchoServerTest#echoesOneLine, EchoServerHiddenTest#x\n");
        MistakeCatalog.Variant variant = MistakeCatalog.read("lab01-sockets", patch);
        assertThat(variant.id()).isEqualTo("03-no-flush");
        assertThat(variant.kind()).isEqualTo(MistakeCatalog.Kind.CLASSIC);
        assertThat(variant.caughtBy()).containsExactly("EchoServerTest#echoesOneLine", "EchoServerHiddenTest#x");
        assertThat(variant.correct()).isFalse();
    }

    @Test
    void aCorrectVariantNamesNoTest() throws IOException {
        Path patch = patch("c1-pool.patch", "Mistake: a thread pool instead of raw threads\nKind: correct\nCaught-by: none\n");
        assertThat(MistakeCatalog.read("lab03", patch).caughtBy()).isEmpty();
    }

    @Test
    void aMistakeMustNameItsTestAndAKnownKind() throws IOException {
        Path unnamed = patch("a.patch", "Mistake: x\nKind: subtle\nCaught-by:\n");
        assertThatThrownBy(() -> MistakeCatalog.read("lab01", unnamed)).hasMessageContaining("must name the test");
        Path odd = patch("b.patch", "Mistake: x\nKind: sneaky\nCaught-by: T#m\n");
        assertThatThrownBy(() -> MistakeCatalog.read("lab01", odd)).hasMessageContaining("classic, subtle or correct");
        Path headless = patch("c.patch", "");
        assertThatThrownBy(() -> MistakeCatalog.read("lab01", headless)).hasMessageContaining("header needs");
    }

    @Test
    void matchesTestsBySimpleClassName() {
        assertThat(MistakeCheck.names("chatlab.EchoServerTest#echoes", "EchoServerTest#echoes")).isTrue();
        assertThat(MistakeCheck.names("chatlab.OtherEchoServerTest#echoes", "EchoServerTest#echoes")).isFalse();
        assertThat(MistakeCheck.names("chatlab.Outer$Inner#m", "Inner#m")).isTrue();
    }
}

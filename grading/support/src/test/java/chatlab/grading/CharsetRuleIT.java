package chatlab.grading;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compiling samples takes seconds on a loaded machine: more than the 10 s of a graded test. */
@Timeout(120)
class CharsetRuleIT {

    private static final String BAD = """
                    new BufferedReader(new InputStreamReader(socket.getInputStream()));
                    new PrintWriter(socket.getOutputStream(), true);
                    new OutputStreamWriter(socket.getOutputStream());
                    new String(bytes);
                    text.getBytes();
                    new Scanner(socket.getInputStream());
                    new FileWriter("chat_log.txt", true);
                    new FileReader("chat_log.txt");
                    new ByteArrayOutputStream().toString();
                    new DataOutputStream(socket.getOutputStream()).writeBytes(text);
                    Charset.defaultCharset();
            """;

    private static final String GOOD = """
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
                    new String(bytes, StandardCharsets.UTF_8);
                    text.getBytes(StandardCharsets.UTF_8);
                    new Scanner(socket.getInputStream(), StandardCharsets.UTF_8);
                    new FileWriter("chat_log.txt", StandardCharsets.UTF_8, true);
                    Files.newBufferedReader(Path.of("chat_log.txt"));
                    Files.newBufferedWriter(Path.of("chat_log.txt"), StandardOpenOption.APPEND);
                    Files.readAllLines(Path.of("chat_log.txt"));
                    new Scanner(System.in);
                    new BufferedReader(new InputStreamReader(System.in));
                    new PrintWriter(System.out, true);
                    new PrintStream(System.err);
            """;

    /** The classes of the two samples, compiled once (javac takes seconds on a loaded machine). */
    private static Path bad;
    private static Path good;

    @BeforeAll
    static void compileTheSamples(@TempDir Path folder) throws IOException {
        Path badSource = sample(folder.resolve("bad"), BAD);
        Path goodSource = sample(folder.resolve("good"), GOOD);
        bad = folder.resolve("bad-classes");
        good = folder.resolve("good-classes");
        var compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, "-d", bad.toString(), "-nowarn", badSource.toString())).isZero();
        assertThat(compiler.run(null, null, null, "-d", good.toString(), "-nowarn", goodSource.toString())).isZero();
    }

    /** The source of a class chatlab.Sample with this body; its line 9 is the body's first. */
    private static Path sample(Path folder, String body) throws IOException {
        Path source = folder.resolve("chatlab/Sample.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package chatlab;
                import java.io.*;
                import java.net.*;
                import java.nio.charset.*;
                import java.nio.file.*;
                import java.util.*;
                class Sample {
                    void run(Socket socket, byte[] bytes, String text) throws Exception {
                """ + body + """
                    }
                }
                """, StandardCharsets.UTF_8);
        return source;
    }

    @Test
    void findsEveryTextConversionWithoutACharsetWithItsFileAndLine() {
        List<CharsetRule.Violation> found = CharsetRule.check(bad);
        assertThat(found).extracting(CharsetRule.Violation::line).containsExactly(9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(found).allSatisfy(each -> assertThat(each.file()).isEqualTo("chatlab/Sample.java"));
        assertThat(found.get(0).toString()).startsWith("chatlab/Sample.java:9: new InputStreamReader(stream) decodes"
                + " with the platform's default charset: name UTF-8");
    }

    @Test
    void acceptsNamedCharsetsFilesHelpersAndTheConsole() {
        assertThat(CharsetRule.check(good)).isEmpty();
    }

    @Test
    void theGuardFailsWithTheFirstPlacesAndPassesOnCleanCode() {
        assertThatThrownBy(() -> CharsetRule.assertKeptBy(Charsetless.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("chatlab/grading/CharsetRuleIT.java:")
                .hasMessageContaining("text.getBytes() encodes with the platform's default charset");
    }

    /** Compiled with this test, so the test classes folder breaks the rule on purpose. */
    static final class Charsetless {
        byte[] bytes(String text) {
            return text.getBytes();
        }
    }
}

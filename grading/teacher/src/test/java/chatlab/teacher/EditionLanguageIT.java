package chatlab.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An Italian edition: the Italian documents become the README.md files, and every link follows its file. */
class EditionLanguageIT {

    @TempDir
    Path edition;

    private void write(String file, String text) throws IOException {
        Files.createDirectories(edition.resolve(file).getParent());
        Files.writeString(edition.resolve(file), text, StandardCharsets.UTF_8);
    }

    private String read(String file) throws IOException {
        return Files.readString(edition.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void putsItalianFirstAndKeepsEveryLink() throws IOException {
        write("README.md", "*[Italiano](README.it.md)*\n\n- [lab01](lab01-x/README.md)\n");
        write("README.it.md", "*[English](README.md)*\n\n- [lab01](lab01-x/README.it.md)\n");
        write("PROTOCOL.md", "*[Italiano](PROTOCOL.it.md)*\n# Protocol\n");
        write("PROTOCOL.it.md", "*[English](PROTOCOL.md)*\n# Protocollo\n");
        write("lab01-x/README.md", "*[Italiano](README.it.md)*\nSee [§1](../PROTOCOL.md#1-lines) and [code](src/A.java).\n");
        write("lab01-x/README.it.md", "*[English](README.md)*\nVedi [§1](../PROTOCOL.md#1-lines), [lab02](../lab02-y/README.md).\n");
        write("lab02-y/README.md", "only English, no link\n");

        EditionLanguage.putItalianFirst(edition);

        assertThat(read("README.md")).isEqualTo("*[English](README.en.md)*\n\n- [lab01](lab01-x/README.md)\n");
        assertThat(read("README.en.md")).isEqualTo("*[Italiano](README.md)*\n\n- [lab01](lab01-x/README.en.md)\n");
        assertThat(read("PROTOCOL.md")).contains("# Protocollo").startsWith("*[English](PROTOCOL.en.md)*");
        // The Italian handout keeps pointing at the English PROTOCOL section it named (anchors are English).
        assertThat(read("lab01-x/README.md"))
                .isEqualTo("*[English](README.en.md)*\nVedi [§1](../PROTOCOL.en.md#1-lines), [lab02](../lab02-y/README.md).\n");
        assertThat(read("lab01-x/README.en.md"))
                .isEqualTo("*[Italiano](README.md)*\nSee [§1](../PROTOCOL.en.md#1-lines) and [code](src/A.java).\n");
        assertThat(read("lab02-y/README.md")).as("a document in one language only stays").isEqualTo("only English, no link\n");
        assertThat(edition.resolve("lab01-x/README.it.md")).doesNotExist();
    }
}

package chatlab.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-step check on a tiny kit: in step it passes; each kind of drift fails, naming file and line. */
class InStepCheckIT {

    @TempDir
    Path kit;

    private void write(String file, String... lines) throws IOException {
        Path path = kit.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** A kit with one handout, one bundle and one lab with a public and a hidden graded test, all in step. */
    private void kitInStep() throws IOException {
        write(InStepCheck.LIST, "document lab01-x/README.md", "feedback lab01-x");
        write("lab01-x/README.md", "*[Italiano](README.it.md)*", "", "# Lab 1", "## Step 1: listen", "```", "# not a heading",
                "```", "## Step 2: echo", "### Notes");
        write("lab01-x/README.it.md", "*[English](README.md)*", "", "# Lab 1", "## Passo 1: ascolta", "```",
                "# non è un titolo", "```", "## Passo 2: rimanda", "### Note");
        write("app/src/main/resources/chatlab/i18n/messages.properties", "hello=Hello %s", "bye=Bye");
        write("app/src/main/resources/chatlab/i18n/messages_it.properties", "hello=Ciao %s", "bye=Ciao ciao");
        write("app/src/main/java/chatlab/App.java", "class App { String s = Texts.get(\"hello\", \"x\"); }");
        write("lab01-x/src/test/java/chatlab/EchoTest.java",
                "class EchoTest {",
                "    // fail(\"a comment is no message\")",
                "    @Test @Points(2) void echoes() {",
                "        assertThat(reply).as(\"the reply to %s\", line).isEqualTo(line);",
                "        throw new AssertionError(ended ? \"serve() ended: \" + why : \"no reply after \" + n + \" s\");",
                "    }",
                "}");
        write("lab01-x/" + InStepCheck.PUBLIC_FEEDBACK,
                "EchoTest.echoes = rimanda la riga",
                "reason.reply.en=the reply to %s", "reason.reply.it=la risposta a %s",
                "reason.ended.en=serve() ended: %s", "reason.ended.it=serve() è terminato: %s",
                "reason.none.en=no reply after %s s", "reason.none.it=nessuna risposta dopo %s s");
        write("solutions/lab01-x/src/hidden-test/java/chatlab/EchoHiddenTest.java",
                "class EchoHiddenTest {", "    @Test", "    @Points(1)", "    void hidden() {",
                "        fail(\"the reply to \" + x);", "    }", "}");
        write("solutions/lab01-x/" + InStepCheck.HIDDEN_FEEDBACK, "EchoHiddenTest.hidden = nascosto");
    }

    private List<String> problems() throws IOException {
        return new InStepCheck(kit).run();
    }

    @Test
    void aKitInStepPasses() throws IOException {
        kitInStep();
        assertThat(problems()).isEmpty();
    }

    @Test
    void aDeletedStepFails() throws IOException {
        kitInStep();
        write("lab01-x/README.it.md", "*[English](README.md)*", "", "# Lab 1", "## Passo 1: ascolta", "```",
                "# non è un titolo", "```", "### Note");
        assertThat(problems()).singleElement().asString()
                .contains("lab01-x/README.md:8 / lab01-x/README.it.md:8: heading 3 is level 2 ('Step 2: echo') in English"
                        + " but level 3 ('Note') in Italian");
    }

    @Test
    void aStepNumberThatDiffersFails() throws IOException {
        kitInStep();
        write("lab01-x/README.it.md", "*[English](README.md)*", "", "# Lab 1", "## Passo 1: ascolta", "```",
                "# non è un titolo", "```", "## Passo 3: rimanda", "### Note");
        assertThat(problems()).singleElement().asString()
                .contains("lab01-x/README.md:8 / lab01-x/README.it.md:8", "'Step 2' needs 'Passo 2'");
    }

    @Test
    void aDeletedNumberedStepFails() throws IOException {
        kitInStep();
        write("lab01-x/README.md", "# Lab 1", "## Steps", "1. **Listen** on the port", "2. **Echo** the lines",
                "   nested text", "## Notes");
        write("lab01-x/README.it.md", "# Lab 1", "## Passi", "1. **Ascolta** sulla porta", "2. **Rimanda** le righe",
                "   testo", "## Note");
        assertThat(problems()).isEmpty();
        write("lab01-x/README.it.md", "# Lab 1", "## Passi", "1. **Ascolta** sulla porta", "## Note");
        assertThat(problems()).singleElement().asString().contains("lab01-x/README.md:4", "step item 2 differs",
                "2 numbered steps in English, 1 in Italian");
    }

    @Test
    void aMissingCodeBlockOrTranslationFails() throws IOException {
        kitInStep();
        write("lab01-x/README.it.md", "*[English](README.md)*", "", "# Lab 1", "## Passo 1: ascolta",
                "## Passo 2: rimanda", "### Note");
        assertThat(problems()).singleElement().asString().contains("1 fenced code blocks in English, 0 in Italian");
        Files.delete(kit.resolve("lab01-x/README.it.md"));
        assertThat(problems()).singleElement().asString().contains("lab01-x/README.it.md: missing");
    }

    @Test
    void aRemovedBundleKeyFails() throws IOException {
        kitInStep();
        write("app/src/main/resources/chatlab/i18n/messages_it.properties", "hello=Ciao %s");
        assertThat(problems()).singleElement().asString()
                .contains("app/src/main/resources/chatlab/i18n/messages_it.properties: lacks the key 'bye'",
                        "messages.properties:2");
    }

    @Test
    void aKeyUsedInCodeButMissingFails() throws IOException {
        kitInStep();
        write("app/src/main/java/chatlab/App.java", "class App {", "  String s = Texts.get(\"helo\");", "}");
        assertThat(problems()).singleElement().asString()
                .contains("app/src/main/java/chatlab/App.java:2: Texts.get(\"helo\")");
    }

    @Test
    void aGradedTestWithoutItalianNameOrTemplateFails() throws IOException {
        kitInStep();
        write("lab01-x/" + InStepCheck.PUBLIC_FEEDBACK,
                "reason.reply.en=the reply to %s", "reason.reply.it=la risposta a %s",
                "reason.ended.en=serve() ended: %s", "reason.ended.it=serve() è terminato: %s");
        assertThat(problems()).hasSize(2).anySatisfy(problem -> assertThat(problem)
                        .contains("EchoTest.java:3: the graded test echoes has no Italian display name"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("EchoTest.java:5: no reason template", "\"no reply after %s s\""));
    }

    @Test
    void aTemplateWithOtherWildcardsFails() throws IOException {
        kitInStep();
        write("solutions/lab01-x/" + InStepCheck.HIDDEN_FEEDBACK, "EchoHiddenTest.hidden = nascosto",
                "reason.x.en=took %s s for %s", "reason.x.it=ci ha messo %s s");
        assertThat(problems()).singleElement().asString().contains("reason.x.it has 1 wildcard(s), the English 2");
    }

    @Test
    void messagesAreExtractedAsTheReadmeSays() {
        String code = MessageLiterals.withoutComments(String.join("\n",
                "assertThat(x).as(\"port() of a server created with port %d\", p).isEqualTo(p); // .as(\"no\")",
                "Waits.until(() -> done, () -> \"the client \" + name + \" never\\n got \\\"it\\\"\");",
                "assertTrue(ok, String.format(\"%.1f%% lost\", rate));",
                "throw new AssertionError(e);"));
        assertThat(MessageLiterals.of(code)).extracting(MessageLiterals.Message::text).containsExactly(
                "port() of a server created with port %s", "the client %s never got \"it\"", "%s% lost");
    }

    @Test
    void helpersNamedInTheListGiveMessagesToo() {
        String code = "chat.next(client, \"the answer to the name \" + name); iterator.next(); chat.join(\"alice\");";
        assertThat(MessageLiterals.of(code, List.of("next"))).extracting(MessageLiterals.Message::text)
                .containsExactly("the answer to the name %s");
        assertThat(MessageLiterals.of(code)).isEmpty();
    }

    @Test
    void translatesReasonsWithTheirNestedParts() {
        java.util.Properties entries = new java.util.Properties();
        entries.setProperty("reason.reply.en", "the reply to %s");
        entries.setProperty("reason.reply.it", "la risposta a %s");
        entries.setProperty("reason.described.en", "[%s] %s");
        entries.setProperty("reason.described.it", "[%s] %s");
        entries.setProperty("reason.equal.en", "expected: %s but was: %s");
        entries.setProperty("reason.equal.it", "atteso: %s ma era: %s");
        entries.setProperty("reason.swap.en", "%s came before %s");
        entries.setProperty("reason.swap.it", "prima %2$s, poi %1$s");
        Feedback italian = Feedback.of(entries);
        assertThat(italian.reason("[the reply to \"hi\"] expected: \"hi\" but was: null"))
                .isEqualTo("[la risposta a \"hi\"] atteso: \"hi\" ma era: null");
        assertThat(italian.reason("b came before a")).isEqualTo("prima a, poi b");
        assertThat(italian.reason("something else")).isEqualTo("something else");
    }
}

package chatlab;

import chatlab.testkit.LineConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.swing.SwingUtilities;
import javax.swing.text.BadLocationException;
import javax.swing.text.StyledDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged full chat, end to end (not graded; run by failsafe after {@code package}): the
 * jar started as a process, socket clients and a headless GUI client panel chatting, the server
 * killed with SIGKILL and started again, the history intact.
 */
class FullChatIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The server's first line, in English or in Italian. */
    private static final Pattern LISTENING = Pattern.compile("(?:Chat server on|Server di chat su) \\S+:(\\d+)");

    @TempDir
    Path folder;
    private final List<ChatProcess> processes = new CopyOnWriteArrayList<>();
    private final List<LineConnection> clients = new CopyOnWriteArrayList<>();

    /** {@code java -jar chat.jar ...} as a process, its output collected line by line. */
    private final class ChatProcess {
        final Process process;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final Path err;
        int port;

        ChatProcess(String... arguments) throws IOException {
            this(List.of("-Duser.language=en"), arguments); // the texts these tests read are the English ones
        }

        ChatProcess(List<String> jvmOptions, String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of(javaCommand()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar()));
            command.addAll(List.of(arguments));
            err = Files.createTempFile(folder, "stderr", ".txt");
            process = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectError(err.toFile()).start();
            processes.add(this);
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        out.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone
                }
            }, "stdout of " + arguments[0]);
            reader.setDaemon(true);
            reader.start();
        }

        /** The port the server reports once it listens. */
        int port() throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = out.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        return Integer.parseInt(listening.group(1));
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the server ended with " + process.exitValue() + ": " + stderr());
                }
            }
            throw new AssertionError("the server did not say where it listens within " + WAIT + ": " + stderr());
        }

        int exitCode() throws InterruptedException {
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the process ends").isTrue();
            return process.exitValue();
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        clients.forEach(LineConnection::close);
        for (ChatProcess each : processes) {
            // Gone before the temporary folder is deleted: a live server would create its removed log again.
            each.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void chatSurvivesKillDashNine() throws Exception {
        Path log = folder.resolve("chat_log.txt");
        ChatProcess first = new ChatProcess("server", "--port", "0", "--log", log.toString(), "--history", "50");
        int port = first.port();

        LineConnection alice = join(port, "alice");
        LineConnection bob = join(port, "bob");
        expect(alice, "JOINED bob");
        GuiClient carol = GuiClient.connect(port, "carol");
        expect(alice, "JOINED carol");
        expect(bob, "JOINED carol");

        alice.send("ciao a tutti 🙂");
        bob.send("ciao alice, è tutto pronto?");
        carol.send("eccomi dalla finestra");
        List<String> said = List.of("MSG alice ciao a tutti 🙂", "MSG bob ciao alice, è tutto pronto?",
                "MSG carol eccomi dalla finestra");
        for (LineConnection client : List.of(alice, bob)) {
            assertThat(messages(client, 3)).as("what a socket client saw").containsExactlyInAnyOrderElementsOf(said);
        }
        carol.awaitTranscript("alice: ciao a tutti 🙂");
        carol.awaitTranscript("bob: ciao alice, è tutto pronto?");

        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
        first.exitCode();
        assertThat(alice.closedByServerWithin(WAIT)).as("alice's connection ends with the killed server").isTrue();
        carol.awaitTranscript(Texts.get("chat.ended")); // the test JVM's language

        ChatProcess second = new ChatProcess("server", "--port", "0", "--log", log.toString(), "--history", "50");
        second.port = second.port();
        LineConnection dave = join(second.port, "dave");
        dave.send("ready");
        List<String> history = new ArrayList<>();
        for (String line = dave.readLine(WAIT); !"MSG dave ready".equals(line); line = dave.readLine(WAIT)) {
            assertThat(line).as("dave's lines before his own message").isNotNull().startsWith("HISTORY ");
            history.add(line.replaceFirst("^HISTORY \\S+ ", ""));
        }
        assertThat(history).as("the history after kill -9 and a restart")
                .startsWith("JOINED alice", "JOINED bob", "JOINED carol")
                .containsAll(said);
        GuiClient erin = GuiClient.connect(second.port, "erin");
        erin.awaitTranscript("carol: eccomi dalla finestra"); // the history, shown by the GUI client
        expect(dave, "JOINED erin");

        second.process.destroy(); // SIGTERM, as Ctrl+C: the shutdown hook says goodbye
        assertThat(dave.readLine(WAIT)).as("what dave gets when the server is stopped").isEqualTo("SHUTDOWN");
        assertThat(dave.closedByServerWithin(WAIT)).as("the connection closes after SHUTDOWN").isTrue();
        second.exitCode();
        assertThat(second.stderr()).as("the server's log").contains("dave joined").doesNotContain("Exception");
    }

    @Test
    void clearMessagesForBadOptionsAndABusyPort() throws Exception {
        ChatProcess badPort = new ChatProcess("server", "--port", "twelve");
        assertThat(badPort.exitCode()).as("exit code for a bad option").isEqualTo(2);
        assertThat(badPort.stderr()).contains("--port").contains("twelve").doesNotContain("Exception");

        ChatProcess badHistory = new ChatProcess("server", "--history", "100000");
        assertThat(badHistory.exitCode()).as("exit code for a history out of range").isEqualTo(2);
        assertThat(badHistory.stderr()).contains("--history must be 0-").doesNotContain("Exception");

        ChatProcess running = new ChatProcess("server", "--port", "0", "--log", folder.resolve("a.txt").toString());
        int port = running.port();
        ChatProcess busy = new ChatProcess("server", "--port", String.valueOf(port), "--log",
                folder.resolve("b.txt").toString());
        assertThat(busy.exitCode()).as("exit code when the port is taken").isEqualTo(1);
        assertThat(busy.stderr()).contains("Cannot listen on localhost:" + port).contains("pick another --port")
                .doesNotContain("Exception");

        ChatProcess help = new ChatProcess("server", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(String.join("\n", help.out)).contains("--host", "--port", "--log", "--history", "--gui");
    }

    @Test
    void langItGivesItalianAndLangEnGivesEnglishOnAnItalianSystem() throws Exception {
        ChatProcess italian = onASystemIn("en", "server", "--lang", "it", "--help");
        assertThat(italian.exitCode()).isZero();
        assertThat(String.join("\n", italian.out)).as("server --lang it --help on an English system")
                .contains("Uso:", "Avvia il server di chat", "--port", "--lang").doesNotContain("Runs the chat server");

        ChatProcess english = onASystemIn("it", "--lang=en", "server", "--help");
        assertThat(english.exitCode()).isZero();
        assertThat(String.join("\n", english.out)).as("--lang=en server --help on an Italian system")
                .contains("Usage:", "Runs the chat server").doesNotContain("Avvia il server");

        ChatProcess system = onASystemIn("it", "--help");
        assertThat(system.exitCode()).isZero();
        assertThat(String.join("\n", system.out)).as("--help on an Italian system, without --lang")
                .contains("Comandi:", "La chat completa del Chat Lab Kit");
    }

    @Test
    void anUnknownLanguageIsAClearErrorWithTheUsage() throws Exception {
        ChatProcess unknown = onASystemIn("en", "server", "--lang", "xx");
        assertThat(unknown.exitCode()).as("exit code for --lang xx").isEqualTo(2);
        assertThat(unknown.stderr()).as("what server --lang xx says")
                .contains("Unknown language for --lang: xx (it or en)")
                .contains("Usage:", "--port", "--lang")
                .doesNotContain("Exception");
        assertThat(unknown.out).as("nothing on stdout: the server did not start").isEmpty();
    }

    @Test
    void anItalianServerKeepsTheProtocolsKeywordsAndCodes() throws Exception {
        ChatProcess server = onASystemIn("en", "server", "--lang", "it", "--port", "0",
                "--log", folder.resolve("chat_log.txt").toString());
        int port = server.port();

        LineConnection wrongName = LineConnection.open(port);
        clients.add(wrongName);
        wrongName.send("no spaces allowed");
        assertThat(wrongName.readLine(WAIT)).as("the answer to an invalid name")
                .startsWith("REFUSED NAME_INVALID ").contains("un nome ha da 1 a 20");

        LineConnection alice = join(port, "alice");
        LineConnection taken = LineConnection.open(port);
        clients.add(taken);
        taken.send("alice");
        assertThat(taken.readLine(WAIT)).as("the answer to a name in use")
                .isEqualTo("REFUSED NAME_TAKEN il nome alice è in uso, o somiglia a un nome in uso");

        alice.send("ciao");
        expect(alice, "MSG alice ciao"); // the wire protocol is the same in every language
        alice.send("x".repeat(Protocol.MAX_LINE_BYTES + 1));
        assertThat(alice.readLine(WAIT)).as("the answer to a line too long")
                .isEqualTo("ERROR LINE_TOO_LONG una riga può avere al massimo " + Protocol.MAX_LINE_BYTES + " byte");
        assertThat(server.stderr()).as("the server's Italian console").contains("alice è entrato");
    }

    // ---------------------------------------------------------------- helpers

    /** The chat on a system whose language is {@code language} (-Duser.language). */
    private ChatProcess onASystemIn(String language, String... arguments) throws IOException {
        return new ChatProcess(List.of("-Duser.language=" + language), arguments);
    }

    private LineConnection join(int port, String name) {
        LineConnection client = LineConnection.open(port);
        clients.add(client);
        client.send(name);
        expect(client, "WELCOME " + name);
        return client;
    }

    /** The next line that is not HISTORY (a newcomer's history is checked where it matters). */
    private static void expect(LineConnection client, String line) {
        String next = client.readLine(WAIT);
        while (next != null && next.startsWith("HISTORY ")) {
            next = client.readLine(WAIT);
        }
        assertThat(next).isEqualTo(line);
    }

    private static List<String> messages(LineConnection client, int count) {
        List<String> messages = new ArrayList<>();
        while (messages.size() < count) {
            String line = client.readLine(WAIT);
            assertThat(line).as("a line while waiting for %d messages", count).isNotNull();
            if (line.startsWith("MSG ")) {
                messages.add(line);
            }
        }
        return messages;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        String jar = System.getProperty("chat.jar");
        assertThat(jar).as("the system property chat.jar (set by the pom)").isNotNull();
        assertThat(Path.of(jar)).as("the packaged chat").exists();
        return jar;
    }

    /** The lab05 client's panel, without a window (headless), driven on the event dispatch thread. */
    private static final class GuiClient {
        private final ChatClientPanel panel;

        private GuiClient(ChatClientPanel panel) {
            this.panel = panel;
        }

        static GuiClient connect(int port, String name) throws Exception {
            GuiClient client = new GuiClient(onEdt(ChatClientPanel::new));
            onEdt(() -> {
                ConnectForm form = client.panel.connectForm();
                form.hostField().setText("localhost");
                form.portField().setText(String.valueOf(port));
                form.nameField().setText(name);
                form.connectButton().doClick();
                return null;
            });
            Awaitility.await().atMost(WAIT).until(() -> onEdt(client.panel::showsChat));
            return client;
        }

        void send(String text) throws Exception {
            onEdt(() -> {
                panel.chatView().input().setText(text);
                panel.chatView().sendButton().doClick();
                return null;
            });
        }

        void awaitTranscript(String text) {
            Awaitility.await().atMost(WAIT).until(() -> transcript().contains(text));
        }

        String transcript() throws Exception {
            return onEdt(() -> {
                StyledDocument document = panel.chatView().transcript().getStyledDocument();
                try {
                    return document.getText(0, document.getLength());
                } catch (BadLocationException cannotHappen) {
                    throw new IllegalStateException(cannotHappen);
                }
            });
        }

        private interface EdtCall<T> {
            T call() throws Exception;
        }

        private static <T> T onEdt(EdtCall<T> call) throws Exception {
            AtomicReference<T> result = new AtomicReference<>();
            AtomicReference<Exception> failure = new AtomicReference<>();
            try {
                SwingUtilities.invokeAndWait(() -> {
                    try {
                        result.set(call.call());
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
            } catch (InvocationTargetException e) {
                throw new AssertionError("on the event dispatch thread: " + e.getCause(), e.getCause());
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return result.get();
        }
    }
}

package chatlab;

import chatlab.grading.Points;
import chatlab.grading.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Hidden tests of the connection (steps 1 to 4): other systems, odd characters, odd peers. */
@Order(11)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerConnectionHiddenTest extends ConnectionTestBase {

    @Test
    @Order(101)
    @Step(2)
    @Points(1)
    @DisplayName("hidden: 500 messages sent at once arrive whole and in order")
    void keepsTheOrderOfManyMessages() {
        FakeServer.Peer server = join("alice");
        for (int i = 1; i <= 500; i++) { // how fast send() returns is another test's business
            connection().send("message " + i + " " + "ō".repeat(i % 7));
        }
        for (int i = 1; i <= 500; i++) {
            assertThat(server.readLine("message " + i)).as("line %d the server received: messages must arrive in the"
                    + " order they were sent, each whole (one writer thread writes them one after another)", i)
                    .isEqualTo("message " + i + " " + "ō".repeat(i % 7));
        }
    }

    @Test
    @Order(102)
    @Step(3)
    @Points(1)
    @DisplayName("hidden: a line with U+2028 or U+2029 inside reaches the listener whole")
    void keepsUnicodeLineSeparatorsInsideALine() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        List<String> sent = List.of("MSG bob one\u2028two", "MSG bob three\u2029four", "MSG bob five");
        sent.forEach(server::send);
        listener.awaitLines(sent, "the server sent lines with U+2028 and U+2029 (Unicode's line and paragraph"
                + " separators) inside; only '\\n' ends a line of the protocol (a Scanner's nextLine() splits at them"
                + " too: use BufferedReader.readLine())");
    }

    @Test
    @Order(103)
    @Step(3)
    @Points(1)
    @DisplayName("hidden: a server that half-closes (stops sending, still reads) is the end of the connection")
    void aHalfCloseIsTheEnd() {
        FakeServer.Peer server = join("alice");
        Recorder listener = new Recorder();
        returnsAtOnce("startReading()", () -> connection().startReading(listener));
        server.send("MSG bob goodbye");
        server.halfClose();
        listener.awaitLines(List.of("MSG bob goodbye"), "the server sent a line, then half-closed the connection");
        listener.awaitEnd("the server half-closed the connection (readLine() returns null)");
        listener.staysEnded(1, "the end of a connection is reported once");
    }

    @Test
    @Order(104)
    @Step(4)
    @Points(1)
    @DisplayName("hidden: send after quit does nothing, and throws nothing")
    void sendAfterQuitIsIgnored() {
        FakeServer.Peer server = join("alice");
        returnsAtOnce("quit(), then send()", () -> {
            connection().quit();
            connection().send("too late");
        });
        assertThat(server.readLine("{quit}")).as("what the client sent on quit()").isEqualTo("{quit}");
        assertThat(server.readLine("the end of the connection after {quit}"))
                .as("after {quit}, nothing more: send() on a closing connection does nothing").isNull();
    }

    @Test
    @Order(105)
    @Step(4)
    @Points(2)
    @Timeout(40) // a JVM of its own starts slowly on a loaded machine
    @DisplayName("hidden: '\\n' and UTF-8 on the wire, also on a system with \"\\r\\n\" lines and another charset")
    void bytesDoNotDependOnTheSystem() throws Exception {
        String name = "Ōtani";
        String message = "ō é 🙂 x";
        String fromServer = "MSG bob ō é 🙂\u2028x";
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dline.separator=\r\n", "-Dfile.encoding=ISO-8859-1", "-Djava.awt.headless=true", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ClientOnAnotherSystem.class.getName(),
                String.valueOf(fake.port()), ClientOnAnotherSystem.escaped(name), ClientOnAnotherSystem.escaped(message)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(child.getInputStream()));
        try {
            FakeServer.Peer server;
            try {
                server = fake.nextClient("a client in a JVM whose line end is \"\\r\\n\" and charset ISO-8859-1",
                        Duration.ofSeconds(20));
            } catch (AssertionError never) {
                throw new AssertionError(never.getMessage() + ". It printed: " + outputSoFar(child, output));
            }
            String nameLine = server.readLine("the name", Duration.ofSeconds(10));
            server.send("WELCOME " + name); // first: the client waits for the answer only so long
            assertThat(nameLine)
                    .as("the name line, from a system whose line end is \"\\r\\n\" and default charset ISO-8859-1")
                    .isEqualTo(name);
            server.send(fromServer);
            assertThat(server.readLine("the message", Duration.ofSeconds(10)))
                    .as("a message sent from a system whose line end is \"\\r\\n\" and default charset ISO-8859-1")
                    .isEqualTo(message);
            assertThat(server.readLine("{quit}", Duration.ofSeconds(10))).as("the line quit() sent").isEqualTo("{quit}");
            assertThat(child.waitFor(15, TimeUnit.SECONDS))
                    .as("the client's JVM should end once {quit} is out (does quit() let the writer thread end?)")
                    .isTrue();
            assertThat(output.get(5, TimeUnit.SECONDS)).as("what the client on that system received from the server")
                    .contains("RECEIVED " + ClientOnAnotherSystem.escaped(fromServer));
        } finally {
            child.destroyForcibly();
        }
    }

    private static String outputSoFar(Process child, CompletableFuture<String> output) {
        child.destroyForcibly();
        try {
            return output.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(nothing)";
        }
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            in.transferTo(bytes);
        } catch (IOException ended) {
            // what came so far
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    @Order(106)
    @Step(3)
    @Points(1)
    @DisplayName("hidden: the thread that reads the server is a daemon: it never keeps the program alive")
    void theReaderIsADaemon() throws Exception {
        FakeServer.Peer server = join("alice");
        CompletableFuture<Thread> reader = new CompletableFuture<>();
        returnsAtOnce("startReading()", () -> connection().startReading(new ServerConnection.Listener() {
            @Override
            public void lineReceived(String line) {
                reader.complete(Thread.currentThread()); // the thread that reads calls the listener
            }

            @Override
            public void connectionEnded() {
            }
        }));
        server.send("MSG bob hello");
        Thread thread;
        try {
            thread = reader.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException none) {
            throw new AssertionError("the server sent MSG bob hello, and within 10 s no line reached the listener");
        }
        assertThat(thread.isDaemon()).as("the thread that reads the server (\"%s\", it called lineReceived) is not a"
                + " daemon: blocked on the socket, it keeps the program running after the window is closed. Call"
                + " setDaemon(true) before starting it (handout step 3)", thread.getName()).isTrue();
    }

    private static final String SECOND_QUIT = "quit() on a connection that is closing already (a second quit(), or quit()"
            + " after close()) should do nothing and return at once: the writer is shut down, so writer.execute would"
            + " throw RejectedExecutionException. If closing is set, return (handout step 4)";

    @Test
    @Order(107)
    @Step(4)
    @Points(1)
    @DisplayName("hidden: a second quit(), or quit() after close(), does nothing and throws nothing")
    void quitTwiceDoesNothing() {
        FakeServer.Peer alice = join("alice");
        assertThatCode(() -> returnsAtOnce("quit(), then quit() again", () -> {
            connection().quit();
            connection().quit();
        })).as(SECOND_QUIT).doesNotThrowAnyException();
        assertThat(alice.readLine("{quit}")).as("the line quit() sent").isEqualTo("{quit}");
        assertThat(alice.readLine("the end of the connection after {quit}"))
                .as("after {quit}, nothing more: a second quit() does nothing").isNull();
        FakeServer.Peer bob = join("bob");
        assertThatCode(() -> returnsAtOnce("close(), then quit()", () -> {
            connection().close();
            connection().quit();
        })).as(SECOND_QUIT).doesNotThrowAnyException();
        assertThat(bob.readLine("the end of the connection after close()"))
                .as("after close(), quit() does nothing: the connection is closed already").isNull();
    }

    @Test
    @Order(108)
    @Step(4)
    @Points(1)
    @Timeout(30) // 8 MB through the loopback, read line by line
    @DisplayName("hidden: quit() while earlier messages still wait for a slow server: they all arrive, then {quit}, then the end")
    void quitAfterABacklogSendsEverythingFirst() {
        FakeServer.Peer server = join("alice"); // it reads nothing until every call below has returned
        String text = "x".repeat(4000);
        int messages = 2000; // 8 MB: more than the sockets' buffers hold, so most of it waits for the writer thread
        returnsAtOnce(messages + " calls of send() (8 MB) to a server that does not read, then quit()", () -> {
            for (int i = 1; i <= messages; i++) {
                connection().send(i + " " + text);
            }
            connection().quit();
        });
        for (int i = 1; i <= messages; i++) {
            String line = server.readLine("message " + i + " of the " + messages + " sent before quit()");
            String expected = i + " " + text;
            assertThat(expected.equals(line)).as("line %d the server received, of the %d sent before quit(), was %s:"
                    + " quit() must let the writer send first what was handed to it before (shutdown(), not"
                    + " shutdownNow(), which drops the tasks still waiting)", i, messages,
                    line == null ? "the end of the connection" : "another line").isTrue();
        }
        assertThat(server.readLine("{quit}, after the messages sent before quit()"))
                .as("what the client sent after the messages handed over before quit()").isEqualTo("{quit}");
        assertThat(server.readLine("the end of the connection after {quit}"))
                .as("after {quit}, nothing more: the socket is closed").isNull();
    }
}

package chatlab.robustness;

import chatlab.Protocol;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static chatlab.robustness.RunningServer.WAIT;
import static chatlab.robustness.RunningServer.next;
import static chatlab.robustness.RunningServer.skipTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Input no honest client sends: over-long lines, broken UTF-8, control characters, forgeries. */
class HostileInputTest {

    @TempDir
    Path folder;
    private RunningServer chat;

    @BeforeEach
    void start() throws IOException {
        chat = new RunningServer(folder);
    }

    @AfterEach
    void stop() throws IOException {
        chat.close();
    }

    @Test
    void megabytesWithoutALineEndGetAnErrorAndADisconnectWhileOthersChat() throws Exception {
        LineConnection witness = chat.join("witness");
        int streams = 8;
        int megabytes = 16; // 8 x 16 MB: far more than this JVM's 128 MB heap, if the server kept it
        List<Socket> floods = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Socket flood = new Socket(InetAddress.getLoopbackAddress(), chat.port());
            floods.add(flood);
            String name = "flood" + i;
            flood.getOutputStream().write((name + "\n").getBytes(StandardCharsets.UTF_8));
            Thread sender = new Thread(() -> streamWithoutLineEnd(flood, megabytes), "stream " + name);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        Set<String> left = new HashSet<>();
        while (left.size() < streams) {
            String line = next(witness);
            assertThat(line).as("the witness, while %d clients stream megabytes", streams).isNotNull();
            if (line.startsWith("LEFT flood")) {
                assertThat(line).endsWith(" lost");
                left.add(line);
            }
        }
        for (Socket flood : floods) {
            List<String> got = readAll(flood);
            assertThat(got).as("what a client streaming megabytes without '\\n' gets")
                    .contains("WELCOME " + "flood" + floods.indexOf(flood), Protocol.lineTooLong());
            assertThat(got.get(got.size() - 1)).isEqualTo(Protocol.lineTooLong());
        }
        for (Thread sender : senders) {
            sender.join(WAIT.toMillis());
            assertThat(sender.isAlive()).as("the streaming client's writes end: the server closed it").isFalse();
        }
        witness.send("I was not disturbed");
        assertThat(next(witness)).isEqualTo("MSG witness I was not disturbed");
    }

    @Test
    void aNameLineTooLongGetsTheErrorToo() {
        LineConnection client = chat.connect();
        client.send("n".repeat(Protocol.MAX_LINE_BYTES + 1));
        assertThat(client.readLine(WAIT)).isEqualTo(Protocol.lineTooLong());
        assertThat(client.closedByServerWithin(WAIT)).isTrue();
        chat.stillChats("long");
    }

    @Test
    void theLongestLineIsStillFine() {
        LineConnection alice = chat.join("alice");
        String text = "é".repeat(Protocol.MAX_LINE_BYTES / 2); // 4096 bytes of UTF-8, 2048 characters
        alice.send(text + "\r"); // and a \r before the \n does not count
        assertThat(next(alice)).isEqualTo("MSG alice " + text);
    }

    @Test
    void invalidUtf8IsReplacedAndTheSessionGoesOn() {
        LineConnection client = chat.connect();
        client.sendRaw(new byte[]{'b', 'o', (byte) 0xFF, 'b', '\n'});
        assertThat(client.readLine(WAIT)).as("a name with a byte that is not UTF-8").startsWith("REFUSED NAME_INVALID");
        client.sendRaw(new byte[]{'b', 'o', (byte) 0xC3, '\n'}); // a character cut in half
        assertThat(client.readLine(WAIT)).startsWith("REFUSED NAME_INVALID");
        client.send("bob");
        assertThat(client.readLine(WAIT)).isEqualTo("WELCOME bob");
        client.sendRaw(new byte[]{'h', 'i', ' ', (byte) 0xE2, (byte) 0x82, ' ', (byte) 0x80, '!', '\n'});
        assertThat(next(client)).isEqualTo("MSG bob hi \uFFFD \uFFFD!");
        client.send("still fine");
        assertThat(next(client)).isEqualTo("MSG bob still fine");
    }

    @Test
    void controlCharactersCannotPaintAFakeNotice() {
        LineConnection eve = chat.join("eve");
        LineConnection bob = chat.join("bob");
        skipTo(eve, "JOINED bob");

        eve.send("hi\rJOINED mallory"); // on a terminal, a bare \r would go back and overwrite the line
        eve.send("a\u0000b\u0007c\u001b[2Kd\u007fe\u0085f\tg");
        eve.send("\u0000");

        assertThat(next(bob)).isEqualTo("MSG eve hi\uFFFDJOINED mallory");
        assertThat(next(bob)).isEqualTo("MSG eve a\uFFFDb\uFFFDc\uFFFD[2Kd\uFFFDe\uFFFDf\tg");
        assertThat(next(bob)).as("a lone NUL is not a blank line: it is delivered, made visible").isEqualTo("MSG eve \uFFFD");
        for (String name : List.of("bo\u0000b", "bo\rb", "\u001b[31mbob", "b\u202Eob")) {
            LineConnection fake = chat.connect();
            fake.send(name);
            assertThat(fake.readLine(WAIT)).as("the name %s", Arrays.toString(name.toCharArray()))
                    .startsWith("REFUSED NAME_INVALID");
            fake.close();
        }
    }

    @Test
    void namesAndMessagesThatImitateTheServerStayWhatTheyAre() {
        LineConnection mallory = chat.join("mallory");
        LineConnection alice = chat.join("alice");
        skipTo(mallory, "JOINED alice");
        for (String name : List.of("bob hi", "alice:", "MSG bob", "", " ", "SERVER>")) {
            LineConnection fake = chat.connect();
            fake.send(name);
            assertThat(fake.readLine(WAIT)).as("the name <%s>", name).startsWith("REFUSED NAME_INVALID");
            fake.close();
        }
        LineConnection shout = chat.join("SHUTDOWN"); // a keyword is a valid name: it only ever follows one
        skipTo(alice, "JOINED SHUTDOWN");
        shout.send("the server is going down");
        // Two senders have no order between them: take shout's line before mallory speaks.
        assertThat(next(alice)).isEqualTo("MSG SHUTDOWN the server is going down");
        mallory.send("MSG alice I owe mallory 100 euros");
        mallory.send("LEFT alice quit");
        mallory.send("SHUTDOWN");
        mallory.send("HISTORY 2026-11-21T21:40:00Z MSG bob I am bob");

        List<String> seen = List.of(next(alice), next(alice), next(alice), next(alice));
        assertThat(seen).containsExactly(
                "MSG mallory MSG alice I owe mallory 100 euros", "MSG mallory LEFT alice quit", "MSG mallory SHUTDOWN",
                "MSG mallory HISTORY 2026-11-21T21:40:00Z MSG bob I am bob");
        assertThat(chat.server.online()).containsExactlyInAnyOrder("mallory", "alice", "SHUTDOWN");
    }

    /** Writes megabytes without a '\n', until the server closes the connection. */
    private static void streamWithoutLineEnd(Socket socket, int megabytes) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < megabytes * 16; i++) {
                out.write(chunk);
            }
        } catch (IOException closedByTheServer) {
            // expected: the server gave up on this line long before the end
        }
    }

    private static List<String> readAll(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        try {
            var in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
                for (char c : text.toCharArray()) {
                    if (c == '\n') {
                        lines.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException reset) {
            // a reset after the error line is fine: the server closed with our bytes unread
        }
        return lines;
    }
}

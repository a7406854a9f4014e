package chatlab.robustness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chatlab.ChatLog;
import chatlab.ServerLimits;
import chatlab.testkit.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static chatlab.robustness.RunningServer.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A chat log that cannot be written (a folder) or a disk that is full (/dev/full): the chat goes on, the operator is told once. */
class LogFailureTest {

    @TempDir
    Path folder;
    private final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();
    private final Logger chatLogLogger = (Logger) LoggerFactory.getLogger(ChatLog.class);

    @BeforeEach
    void captureTheServerLog() {
        serverLog.start();
        chatLogLogger.addAppender(serverLog);
    }

    @AfterEach
    void release() {
        chatLogLogger.detachAppender(serverLog);
    }

    @Test
    void aLogThatIsAFolderCannotBeWritten() throws Exception {
        Path log = Files.createDirectory(folder.resolve("chat_log.txt"));
        chatGoesOnAndTheOperatorIsToldOnce(log);
    }

    @Test
    void aFullDisk() throws Exception {
        Path full = Path.of("/dev/full"); // Linux: every write fails with "No space left on device"
        assumeTrue(Files.isWritable(full), "no /dev/full on this system");
        chatGoesOnAndTheOperatorIsToldOnce(full);
    }

    private void chatGoesOnAndTheOperatorIsToldOnce(Path log) throws Exception {
        try (RunningServer chat = new RunningServer(log, ServerLimits.DEFAULT)) {
            LineConnection alice = chat.join("alice");
            LineConnection bob = chat.join("bob");
            assertThat(next(alice)).isEqualTo("JOINED bob");
            for (int i = 0; i < 10; i++) {
                alice.send("message " + i);
                assertThat(next(bob)).isEqualTo("MSG alice message " + i);
            }
            LineConnection carol = chat.join("carol");
            assertThat(carol.readLine()).as("history is kept in memory even when the file fails")
                    .startsWith("HISTORY ").endsWith("JOINED alice");
        }
        List<String> errors = serverLog.list.stream().filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(errors).as("what the server's operator was told").hasSize(1);
        assertThat(errors.get(0)).contains("Cannot write the chat log", log.toString(), "The chat goes on");
    }
}

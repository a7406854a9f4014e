// solution-only
package chatlab;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The full chat, one jar, two programs: {@code java -jar chat.jar server} and
 * {@code java -jar chat.jar client}. The command line is read by picocli, which also writes
 * the {@code --help} texts and the messages for a wrong option.
 */
@Command(name = "java -jar chat.jar", mixinStandardHelpOptions = true, version = "Chat Lab Kit - full chat 1.0",
        subcommands = {ServerCommand.class, ClientCommand.class},
        description = {"The full chat of the Chat Lab Kit: a multi-client server that remembers, and a Swing client.",
                "Start the server first, then as many clients as you like (or connect with: nc localhost 12345)."})
public final class ChatApp implements Runnable {

    @Spec
    private CommandSpec spec;

    private ChatApp() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Say which program to run: server or client.");
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new ChatApp()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
        // Otherwise let the program end by itself: a client's window keeps it alive until it is closed.
    }
}

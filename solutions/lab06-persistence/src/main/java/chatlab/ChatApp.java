// solution-only
package chatlab;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * The full chat, one jar, two programs: {@code java -jar chat.jar server} and
 * {@code java -jar chat.jar client}. The command line is read by picocli, which also writes
 * the {@code --help} texts and the messages for a wrong option.
 *
 * <p>Every text is in English and in Italian ({@link Texts}): {@code --lang it|en} chooses, else
 * the system's language. picocli reads the texts of the options and the help's headings from the
 * same bundle (each option's {@code descriptionKey}); the English in the annotations is only the
 * fallback picocli needs.
 */
@Command(name = "java -jar chat.jar", mixinStandardHelpOptions = true, version = "Chat Lab Kit - full chat 1.0",
        subcommands = {ServerCommand.class, ClientCommand.class})
public final class ChatApp implements Runnable {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LanguageOption language;

    private ChatApp() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), Texts.get("app.noProgram"));
    }

    /** The chat's command line in the current language. */
    static CommandLine commandLine() {
        CommandLine chat = new CommandLine(new ChatApp());
        chat.setResourceBundle(Texts.bundle()); // for its subcommands too
        describe(chat, Texts.get("app.description"));
        describe(chat.getSubcommands().get("server"), Texts.get("server.description"));
        describe(chat.getSubcommands().get("client"), Texts.get("client.description"));
        return chat;
    }

    private static void describe(CommandLine command, String lines) {
        command.getCommandSpec().usageMessage().description(lines.split("\n"));
    }

    /** The language asked for with {@code --lang x} or {@code --lang=x}, wherever it is; null if none. */
    static String languageAskedFor(String[] args) {
        List<String> words = List.of(args);
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("--lang") && i + 1 < words.size()) {
                return words.get(i + 1);
            } else if (words.get(i).startsWith("--lang=")) {
                return words.get(i).substring("--lang=".length());
            }
        }
        return null;
    }

    public static void main(String[] args) {
        String asked = languageAskedFor(args);
        if ("it".equals(asked) || "en".equals(asked)) {
            Texts.use(asked); // before picocli: the help comes in that language (a wrong one: LanguageOption says so)
        }
        int exitCode = commandLine().execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
        // Otherwise let the program end by itself: a client's window keeps it alive until it is closed.
    }
}

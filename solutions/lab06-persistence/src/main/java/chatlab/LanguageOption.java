// solution-only
package chatlab;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --lang it|en}, for the chat and each of its programs. {@link ChatApp#main} has already
 * switched to the language before picocli reads the command line (the help texts come from the
 * chosen language); here picocli lists the option in the help and refuses an unknown language.
 */
final class LanguageOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--lang", paramLabel = "it|en", descriptionKey = "option.lang")
    void language(String code) {
        try {
            Texts.use(code);
        } catch (IllegalArgumentException unknown) {
            throw new ParameterException(command.commandLine(), Texts.get("app.lang.unknown", code));
        }
    }
}

package chatlab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the chat picks its language (Texts), in this JVM; FullChatIT checks the packaged chat's --lang. */
class TextsIT {

    private final Locale systemLocale = Locale.getDefault();
    private final Locale textsLanguage = Texts.language();

    @AfterEach
    void restore() {
        Locale.setDefault(systemLocale);
        Texts.use(textsLanguage.getLanguage());
    }

    @Test
    void englishAskedForOnAnItalianSystemIsEnglish() {
        Locale.setDefault(Locale.ITALY); // a standard lookup would fall back to the system's messages_it
        Texts.use("en");
        assertThat(Texts.get("chat.send")).isEqualTo("Send");
        assertThat(Texts.get("line.joined", "bob")).isEqualTo("bob joined the chat");
        Texts.use("it");
        assertThat(Texts.get("chat.send")).isEqualTo("Invia");
        assertThat(Texts.get("line.joined", "bob")).isEqualTo("bob è entrato nella chat");
    }

    @Test
    void onlyItalianAndEnglishAreLanguages() {
        assertThatThrownBy(() -> Texts.use("xx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Texts.use("IT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReplyCodesStayWhateverTheLanguage() {
        Texts.use("it");
        assertThat(Protocol.refusedTakenName("bob")).startsWith("REFUSED NAME_TAKEN ").contains("bob").contains("in uso");
        assertThat(Protocol.refusedInvalidName()).startsWith("REFUSED NAME_INVALID ");
        assertThat(Protocol.lineTooLong()).startsWith("ERROR LINE_TOO_LONG ").contains("al massimo");
        assertThat(Protocol.flood(FloodLimit.DEFAULT)).startsWith("ERROR FLOOD ").contains("al secondo");
        // ... and a client in any language reads them by their code
        String italianServersLine = Protocol.lineTooLong();
        Texts.use("en");
        assertThat(ServerLine.parse(italianServersLine, "alice").text()).isEqualTo("The server refused a line that was too long");
    }

    @Test
    void theLangOptionIsFoundWherever() {
        assertThat(ChatApp.languageAskedFor(new String[] {"server", "--port", "0", "--lang", "it"})).isEqualTo("it");
        assertThat(ChatApp.languageAskedFor(new String[] {"--lang=en", "client"})).isEqualTo("en");
        assertThat(ChatApp.languageAskedFor(new String[] {"server", "--lang"})).isNull();
        assertThat(ChatApp.languageAskedFor(new String[] {"server"})).isNull();
    }
}

package chatlab;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The words a person reads, in English or in Italian: {@code Texts.get(key)}, or
 * {@code Texts.get(key, args...)} for a text with blanks to fill in ({@code %s}, {@code %d}:
 * {@link String#format} patterns). They live in {@code src/main/resources/chatlab/i18n/}:
 * {@code messages.properties} (English) and {@code messages_it.properties} (Italian), with the
 * same keys.
 *
 * <p>The language: Italian if the system's language is Italian (or the program runs with
 * {@code -Duser.language=it}), English otherwise; {@link #use} (a program's {@code --lang}
 * option) overrides both. The protocol's keywords and codes are never translated.
 */
public final class Texts {

    private static final String BUNDLE = "chatlab.i18n.messages";
    /** No fallback: English asked for on an Italian machine is English, not the machine's Italian. */
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private static volatile Locale language = supported(Locale.getDefault().getLanguage());

    private Texts() {
    }

    /** The text of {@code key} in the current language, its blanks filled in with {@code args}. */
    public static String get(String key, Object... args) {
        return String.format(language, bundle().getString(key), args);
    }

    /** The texts of the current language, e.g. for a library that reads its texts from a bundle. */
    public static ResourceBundle bundle() {
        return ResourceBundle.getBundle(BUNDLE, language, NO_FALLBACK);
    }

    /** The current language: {@link Locale#ITALIAN} or {@link Locale#ENGLISH}. */
    public static Locale language() {
        return language;
    }

    /**
     * Switches the language, e.g. for {@code --lang it}.
     *
     * @param code {@code "it"} or {@code "en"}
     * @throws IllegalArgumentException for any other code
     */
    public static void use(String code) {
        if (!"it".equals(code) && !"en".equals(code)) {
            throw new IllegalArgumentException(code);
        }
        language = supported(code);
    }

    private static Locale supported(String code) {
        return "it".equals(code) ? Locale.ITALIAN : Locale.ENGLISH;
    }
}

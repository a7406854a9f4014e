package chatlab.grading;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Texts of the kit's tools in English or Italian, from a bundle {@code chatlab/i18n/<name>.properties}
 * and {@code <name>_it.properties} (UTF-8, {@link String#format} patterns): the grading support's
 * own ({@code grading}: the score table's headings, totals and hints), the teacher tools'
 * ({@code teacher}). The tests' own feedback is {@link Feedback}'s.
 */
public final class Texts {

    private final ResourceBundle bundle;

    private Texts(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** The grading support's texts in this language ("it" or "en"; anything else is English). */
    public static Texts in(String language) {
        return of("grading", language);
    }

    /** The texts of the bundle chatlab/i18n/{@code name} in this language. */
    public static Texts of(String name, String language) {
        Locale locale = Feedback.normalized(language).equals(Feedback.ITALIAN) ? Locale.ITALIAN : Locale.ROOT;
        // No fallback to the machine's locale: English asked for on an Italian machine stays English.
        return new Texts(ResourceBundle.getBundle("chatlab.i18n." + name, locale, Texts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    /** The text of this key, its {@code %s} filled with the arguments. */
    public String get(String key, Object... arguments) {
        String pattern = bundle.getString(key);
        return arguments.length == 0 ? pattern : String.format(Locale.ROOT, pattern, arguments);
    }
}

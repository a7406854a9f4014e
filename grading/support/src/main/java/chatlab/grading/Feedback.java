package chatlab.grading;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IllegalFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feedback a student reads (graded tests' display names and failure reasons) in the
 * student's language. English stays in the test code; the other language lives in
 * properties files on the test class path (grading/README.md, "Feedback in Italian"):
 * <ul>
 *   <li>{@code chatlab/i18n/feedback_it.properties}: a lab's public tests;</li>
 *   <li>{@code chatlab/i18n/feedback-hidden_it.properties}: a solution's hidden tests;</li>
 *   <li>{@code chatlab/i18n/feedback-support_it.properties}: the grading support's own
 *       messages (the testkit's, {@link Reasons}', AssertJ's most common).</li>
 * </ul>
 * Two kinds of entries: {@code <TestClass>.<method>} = a display name, and a pair
 * {@code reason.<id>.en} / {@code reason.<id>.it}: a reason template in English, where
 * {@code %s} stands for any text, and its translation with the same {@code %s} (or
 * {@code %1$s}, {@code %2$s} to reorder). A reason is translated when a template matches it
 * whole; the texts the wildcards stand for are translated the same way (an AssertJ description
 * inside "[...]", a message inside "not written yet: ..."). Text that matches nothing stays English.
 */
public final class Feedback {

    public static final String ENGLISH = "en";
    public static final String ITALIAN = "it";
    /** The files read, in this order: the first template or display name of a key wins. */
    public static final List<String> FILES = List.of("chatlab/i18n/feedback_it.properties",
            "chatlab/i18n/feedback-hidden_it.properties", "chatlab/i18n/feedback-support_it.properties");
    /** A wildcard of a template: %s, or %1$s, %2$s... in a translation. */
    static final Pattern WILDCARD = Pattern.compile("%(?:\\d+\\$)?s");
    private static final Pattern REASON_KEY = Pattern.compile("reason\\.(.+)\\.en");
    /** A wildcard's text is translated again, down to this depth (a reason nests a few messages at most). */
    private static final int MAX_DEPTH = 4;

    /** An English reason template and its translation. */
    record Template(String id, String english, String translated, Pattern pattern, int literalLength) {

        static Template of(String id, String english, String translated) {
            StringBuilder regex = new StringBuilder("(?s)");
            int literal = 0;
            int from = 0;
            Matcher wildcard = WILDCARD.matcher(english);
            while (wildcard.find()) {
                regex.append(Pattern.quote(english.substring(from, wildcard.start()))).append("(.*?)");
                literal += wildcard.start() - from;
                from = wildcard.end();
            }
            regex.append(Pattern.quote(english.substring(from)));
            literal += english.length() - from;
            return new Template(id, english, translated, Pattern.compile(regex.toString()), literal);
        }
    }

    private final String language;
    private final Map<String, String> displayNames;
    private final List<Template> templates;

    private Feedback(String language, Map<String, String> displayNames, List<Template> templates) {
        this.language = language;
        this.displayNames = displayNames;
        this.templates = templates;
    }

    /**
     * The language of this run: the system property {@code grading.lang} (the build passes it to
     * the test JVM), else {@code user.language} (e.g. {@code ./mvnw test -Duser.language=it}, or
     * the system's locale). Anything that is not Italian is English.
     */
    public static String studentLanguage() {
        String chosen = System.getProperty("grading.lang", "").trim();
        if (chosen.isEmpty() || chosen.startsWith("${")) {
            chosen = System.getProperty("user.language", Locale.getDefault().getLanguage());
        }
        return normalized(chosen);
    }

    /** "it", "it_IT", "IT" give Italian; anything else English. */
    public static String normalized(String language) {
        return language != null && language.trim().toLowerCase(Locale.ROOT).startsWith(ITALIAN) ? ITALIAN : ENGLISH;
    }

    /** The feedback of this run's language, from the files on this class loader's class path. */
    public static Feedback load(ClassLoader loader) {
        return load(studentLanguage(), loader);
    }

    public static Feedback load(String language, ClassLoader loader) {
        Map<String, String> names = new LinkedHashMap<>();
        List<Template> templates = new ArrayList<>();
        if (normalized(language).equals(ITALIAN)) {
            for (String file : FILES) {
                for (URL url : resources(loader, file)) {
                    Properties entries = read(url);
                    addAll(entries, names, templates);
                }
            }
        }
        return new Feedback(normalized(language), names, templates);
    }

    /** The feedback made of these entries (for a file read by the in-step check). */
    static Feedback of(Properties entries) {
        Map<String, String> names = new LinkedHashMap<>();
        List<Template> templates = new ArrayList<>();
        addAll(entries, names, templates);
        return new Feedback(ITALIAN, names, templates);
    }

    private static void addAll(Properties entries, Map<String, String> names, List<Template> templates) {
        for (String key : new TreeSet<>(entries.stringPropertyNames())) {
            Matcher reason = REASON_KEY.matcher(key);
            if (reason.matches()) {
                String translated = entries.getProperty("reason." + reason.group(1) + ".it");
                if (translated != null) {
                    templates.add(Template.of(reason.group(1), entries.getProperty(key), translated));
                }
            } else if (!key.startsWith("reason.")) {
                names.putIfAbsent(key, entries.getProperty(key));
            }
        }
    }

    public String language() {
        return language;
    }

    public boolean english() {
        return language.equals(ENGLISH);
    }

    /**
     * The display name of a test: its translation, keyed by {@code <TestClassSimpleName>.<method>},
     * else the English one. {@code testId} is result.json's id, "package.Class#method".
     */
    public String displayName(String testId, String english) {
        String key = displayNameKey(testId);
        return key == null ? english : displayNames.getOrDefault(key, english);
    }

    /** "chatlab.EchoServerTest#echoesOneLine" gives "EchoServerTest.echoesOneLine". */
    static String displayNameKey(String testId) {
        int hash = testId.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String type = testId.substring(0, hash);
        String simple = type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
        return simple + "." + testId.substring(hash + 1);
    }

    /** The reason in this language: the most specific template that matches it whole, else as it is. */
    public String reason(String english) {
        return english == null || english() ? english : translate(english, 0);
    }

    /** True when some template matches this text whole (the in-step check asks it of a message literal). */
    boolean matches(String text) {
        return bestMatch(text) != null;
    }

    private String translate(String text, int depth) {
        if (depth > MAX_DEPTH || text.isEmpty()) {
            return text;
        }
        Match match = bestMatch(text);
        if (match == null) {
            return text;
        }
        Object[] parts = new Object[match.found().groupCount()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = translate(match.found().group(i + 1), depth + 1);
        }
        try {
            return String.format(Locale.ROOT, match.template().translated(), parts);
        } catch (IllegalFormatException badTranslation) {
            return text; // the in-step check reports such a template; the student still reads the English
        }
    }

    private record Match(Template template, Matcher found) {
    }

    /** The template with the most literal text among those that match the text whole. */
    private Match bestMatch(String text) {
        Match best = null;
        for (Template template : templates) {
            if (best != null && template.literalLength() <= best.template().literalLength()) {
                continue;
            }
            Matcher found = template.pattern().matcher(text);
            if (found.matches()) {
                best = new Match(template, found);
            }
        }
        return best;
    }

    List<Template> templates() {
        return Collections.unmodifiableList(templates);
    }

    Map<String, String> displayNames() {
        return Collections.unmodifiableMap(displayNames);
    }

    private static List<URL> resources(ClassLoader loader, String name) {
        try {
            Enumeration<URL> found = loader.getResources(name);
            return Collections.list(found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + name, e);
        }
    }

    static Properties read(URL url) {
        Properties entries = new Properties();
        try (Reader in = new InputStreamReader(url.openStream(), StandardCharsets.UTF_8)) {
            entries.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
        return entries;
    }
}

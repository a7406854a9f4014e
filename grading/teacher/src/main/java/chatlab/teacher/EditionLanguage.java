package chatlab.teacher;

import chatlab.grading.Feedback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The language a student edition opens in. Every edition holds both languages of each document
 * ({@code X.md} English, {@code X.it.md} Italian, linked to each other); an Italian edition puts
 * Italian first: {@code X.it.md} becomes {@code X.md} (what GitHub and a file browser show) and
 * the English one {@code X.en.md}, and every Markdown link follows the file it pointed to.
 */
final class EditionLanguage {

    /** A Markdown link's target: [text](target) or [text](target#anchor). */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]+\\.md)(#[^)\\s]*)?\\)");
    private static final String ITALIAN_SUFFIX = ".it.md";

    private EditionLanguage() {
    }

    /** "it" for an Italian edition, otherwise "en" (the kit's own {@link Feedback#normalized} rule). */
    static String of(String language) {
        return language == null ? Feedback.ENGLISH : Feedback.normalized(language);
    }

    /** Makes the Italian version of every bilingual document of the edition the one it opens with. */
    static void putItalianFirst(Path edition) throws IOException {
        Map<Path, Path> renamed = new HashMap<>();
        List<Path> markdown;
        try (Stream<Path> files = Files.walk(edition)) {
            markdown = files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
        }
        for (Path file : markdown) {
            String name = file.getFileName().toString();
            if (name.endsWith(ITALIAN_SUFFIX)) {
                Path english = file.resolveSibling(name.substring(0, name.length() - ITALIAN_SUFFIX.length()) + ".md");
                if (Files.isRegularFile(english)) {
                    renamed.put(english, english.resolveSibling(english.getFileName().toString().replaceFirst("\\.md$", ".en.md")));
                    renamed.put(file, english);
                }
            }
        }
        // First every link follows its file (resolved from the folder of the file it is in), then the files move.
        Map<Path, String> texts = new HashMap<>();
        for (Path file : markdown) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher link = LINK.matcher(text);
            StringBuilder followed = new StringBuilder();
            while (link.find()) {
                String target = link.group(1);
                Path to = target.contains("://") ? null : file.getParent().resolve(target).normalize();
                Path moved = to == null ? null : renamed.get(to);
                String newTarget = moved == null ? target
                        : target.substring(0, target.length() - to.getFileName().toString().length()) + moved.getFileName();
                link.appendReplacement(followed, Matcher.quoteReplacement("](" + newTarget
                        + (link.group(2) == null ? "" : link.group(2)) + ")"));
            }
            link.appendTail(followed);
            texts.put(renamed.getOrDefault(file, file), followed.toString());
        }
        for (Path file : markdown) {
            Files.delete(file);
        }
        for (Map.Entry<Path, String> each : texts.entrySet()) {
            Files.writeString(each.getKey(), each.getValue(), StandardCharsets.UTF_8);
        }
    }
}

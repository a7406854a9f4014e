package chatlab.grading;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The in-step check of the kit's two languages (grading/README.md, "In step"), run by
 * grading/support's {@code verify} on the whole kit: {@code InStepCheck <kit root>}. It fails,
 * naming file, line and what is missing, when
 * <ol>
 *   <li>a handout listed in {@code grading/in-step.txt} ({@code document X.md}) exists in one
 *       language only ({@code X.md} and {@code X.it.md}), or the two have a different sequence of
 *       heading levels, a {@code Step N} heading without {@code Passo N} at the same place (or the
 *       other way round), other numbered steps (items "N. **...**") under the same headings, or a
 *       different number of fenced code blocks;</li>
 *   <li>a bundle {@code src/.../chatlab/i18n/X.properties} lacks a key of {@code X_it.properties},
 *       or the other way round, or has no Italian twin;</li>
 *   <li>a {@code Texts.get("key"} (or {@code texts.get("key"}, {@code Texts.in(...).get("key"}) literal of a module's
 *       {@code src/main/java} names a key its {@code src/main/resources/chatlab/i18n} bundles lack;</li>
 *   <li>for a lab listed as {@code feedback <lab>} in {@code grading/in-step.txt}: a graded test
 *       ({@code @Points}) of its public or hidden tests has no Italian display name
 *       ({@code <Class>.<method>} in its feedback file), a display name names no graded test, a
 *       reason template is not a pair of {@code .en} and {@code .it} with the same wildcards, or a
 *       message literal of its tests is matched by no {@code .en} template of its file (see
 *       {@link MessageLiterals} for how literals are found).</li>
 * </ol>
 */
public final class InStepCheck {

    /** The list of bilingual documents and of labs whose feedback is checked, relative to the kit root. */
    static final String LIST = "grading/in-step.txt";
    static final String PUBLIC_FEEDBACK = "src/test/resources/" + Feedback.FILES.get(0);
    static final String HIDDEN_FEEDBACK = "src/hidden-test/resources/" + Feedback.FILES.get(1);

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    /** A handout's step: a numbered item that starts in bold at the line's start ("3. **Echo the lines**"). */
    private static final Pattern STEP_ITEM = Pattern.compile("^(\\d+)\\.\\s+\\*\\*");
    private static final Pattern STEP = Pattern.compile("\\bStep (\\d+)\\b");
    private static final Pattern PASSO = Pattern.compile("\\bPasso (\\d+)\\b");
    private static final Pattern TEXTS_GET = Pattern.compile(
            "\\b[Tt]exts(?:\\.(?:in|of)\\((?:[^()]|\\([^()]*\\))*\\))?\\.get\\(\\s*\"([^\"]+)\"\\s*[,)]");
    private static final Pattern POINTS = Pattern.compile("@Points\\s*\\(");
    private static final Pattern GUARD_TEST = Pattern.compile("@Test\\b");
    private static final Pattern METHOD = Pattern.compile("\\bvoid\\s+(\\w+)\\s*\\(");
    private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules", ".mvn");

    private final Path kit;
    private final List<String> problems = new ArrayList<>();
    /** Test helper methods whose last argument is a text that goes into a failure message. */
    private final List<String> helpers = new ArrayList<>();

    InStepCheck(Path kit) {
        this.kit = kit.toAbsolutePath().normalize();
    }

    public static void main(String[] args) throws IOException {
        InStepCheck check = new InStepCheck(Path.of(args[0]));
        List<String> problems = check.run();
        if (!problems.isEmpty()) {
            throw new ScoreReport.GradingFailure("the two languages of the kit are not in step (" + problems.size()
                    + " problem(s); " + LIST + " lists what is checked):\n  " + String.join("\n  ", problems));
        }
        System.out.println("[in-step] English and Italian are in step: " + check.summary);
    }

    private String summary = "";

    /** Every problem found, each naming its file (and line). */
    List<String> run() throws IOException {
        List<String> documents = new ArrayList<>();
        List<String> labs = new ArrayList<>();
        helpers.clear();
        Path list = kit.resolve(LIST);
        if (!Files.isRegularFile(list)) {
            // A student edition: it has no list, and nothing of the kit's to keep in step.
            summary = "nothing to check (no " + LIST + ")";
            return problems;
        }
        int number = 0;
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            number++;
            String entry = line.replaceFirst("#.*", "").trim();
            if (entry.startsWith("document ")) {
                documents.add(entry.substring("document ".length()).trim());
            } else if (entry.startsWith("feedback ")) {
                labs.add(entry.substring("feedback ".length()).trim());
            } else if (entry.startsWith("helper ")) {
                helpers.add(entry.substring("helper ".length()).trim());
            } else if (!entry.isEmpty()) {
                problems.add(LIST + ":" + number + ": '" + entry + "' is none of 'document <file>', 'feedback <lab>', 'helper <method>'");
            }
        }
        for (String document : documents) {
            checkDocument(document);
        }
        int bundles = checkBundles();
        int keys = checkTextKeys();
        int tests = 0;
        for (String lab : labs) {
            tests += checkFeedback(lab);
        }
        summary = documents.size() + " document(s), " + bundles + " bundle(s), " + keys + " Texts.get key(s), "
                + tests + " graded test(s) of " + labs;
        return problems;
    }

    // --- 1. handouts --------------------------------------------------------------------------

    /** A Markdown heading (level 1-6), fenced code block (level 0) or step item (level -1), where it is. */
    private record Part(int line, int level, String text) {
    }

    private static final int CODE = 0;
    private static final int STEP_ITEM_LEVEL = -1;

    private void checkDocument(String english) throws IOException {
        String italian = english.replaceFirst("\\.md$", ".it.md");
        Path en = kit.resolve(english);
        Path it = kit.resolve(italian);
        if (!Files.isRegularFile(en) || !Files.isRegularFile(it)) {
            problems.add((Files.isRegularFile(en) ? italian : english) + ": missing; " + (Files.isRegularFile(en)
                    ? english : italian) + " has no version in the other language");
            return;
        }
        List<Part> enParts = parts(en);
        List<Part> itParts = parts(it);
        checkStepItems(enParts, itParts, english, italian);
        List<Part> enHeadings = enParts.stream().filter(part -> part.level() > 0).toList();
        List<Part> itHeadings = itParts.stream().filter(part -> part.level() > 0).toList();
        for (int i = 0; i < Math.max(enHeadings.size(), itHeadings.size()); i++) {
            if (i >= enHeadings.size() || i >= itHeadings.size()) {
                boolean italianLonger = i >= enHeadings.size();
                Part extra = (italianLonger ? itHeadings : enHeadings).get(i);
                problems.add((italianLonger ? italian : english) + ":" + extra.line() + ": the heading '"
                        + extra.text() + "' has no counterpart in " + (italianLonger ? english : italian)
                        + " (" + enHeadings.size() + " headings in English, " + itHeadings.size() + " in Italian)");
                break;
            }
            Part a = enHeadings.get(i);
            Part b = itHeadings.get(i);
            String where = english + ":" + a.line() + " / " + italian + ":" + b.line() + ": heading " + (i + 1);
            if (a.level() != b.level()) {
                problems.add(where + " is level " + a.level() + " ('" + a.text() + "') in English but level "
                        + b.level() + " ('" + b.text() + "') in Italian");
                break; // the rest is shifted: one problem is enough to find it
            }
            String step = number(STEP, a.text());
            String passo = number(PASSO, b.text());
            if (!step.equals(passo)) {
                problems.add(where + ": '" + a.text() + "' / '" + b.text() + "': "
                        + (step.isEmpty() ? "'Passo " + passo + "' where English has no step"
                        : "'Step " + step + "' needs 'Passo " + step + "' in the Italian heading"));
            }
        }
        long enFences = enParts.stream().filter(part -> part.level() == CODE).count();
        long itFences = itParts.stream().filter(part -> part.level() == CODE).count();
        if (enFences != itFences) {
            problems.add(english + " / " + italian + ": " + enFences + " fenced code blocks in English, " + itFences
                    + " in Italian (" + firstDifferentFence(enParts, itParts, english, italian) + ")");
        }
    }

    /**
     * The handouts' steps are numbered items in bold ("1. **Open the server socket**"): both
     * languages must have the same numbers under the same headings, in the same order.
     */
    private void checkStepItems(List<Part> en, List<Part> it, String english, String italian) {
        List<String> enSteps = stepItems(en);
        List<String> itSteps = stepItems(it);
        List<Part> enLines = en.stream().filter(part -> part.level() == STEP_ITEM_LEVEL).toList();
        List<Part> itLines = it.stream().filter(part -> part.level() == STEP_ITEM_LEVEL).toList();
        for (int i = 0; i < Math.max(enSteps.size(), itSteps.size()); i++) {
            String a = i < enSteps.size() ? enSteps.get(i) : null;
            String b = i < itSteps.size() ? itSteps.get(i) : null;
            if (!java.util.Objects.equals(a, b)) {
                String where = (a == null ? "" : english + ":" + enLines.get(i).line())
                        + (a != null && b != null ? " / " : "") + (b == null ? "" : italian + ":" + itLines.get(i).line());
                problems.add(where + ": step item " + (i + 1) + " differs: " + (a == null ? "none" : a) + " in English, "
                        + (b == null ? "none" : b) + " in Italian (" + enSteps.size() + " numbered steps in English, "
                        + itSteps.size() + " in Italian)");
                return; // the rest is shifted: one problem is enough to find it
            }
        }
    }

    /** "step 3 under heading 7" for each step item, in order. */
    private static List<String> stepItems(List<Part> parts) {
        List<String> steps = new ArrayList<>();
        int heading = 0;
        for (Part part : parts) {
            if (part.level() > 0) {
                heading++;
            } else if (part.level() == STEP_ITEM_LEVEL) {
                steps.add("step " + part.text() + " under heading " + heading);
            }
        }
        return steps;
    }

    private static String firstDifferentFence(List<Part> en, List<Part> it, String english, String italian) {
        // The first code block whose section (the heading before it) differs between the languages.
        List<Integer> enSections = sectionsOfFences(en);
        List<Integer> itSections = sectionsOfFences(it);
        for (int i = 0; i < Math.min(enSections.size(), itSections.size()); i++) {
            if (!enSections.get(i).equals(itSections.get(i))) {
                return "code block " + (i + 1) + " is under heading " + enSections.get(i) + " in English, under heading "
                        + itSections.get(i) + " in Italian";
            }
        }
        return "the extra blocks are at the end";
    }

    private static List<Integer> sectionsOfFences(List<Part> parts) {
        List<Integer> sections = new ArrayList<>();
        int heading = 0;
        for (Part part : parts) {
            if (part.level() > 0) {
                heading++;
            } else if (part.level() == CODE) {
                sections.add(heading);
            }
        }
        return sections;
    }

    private static String number(Pattern pattern, String text) {
        Matcher found = pattern.matcher(text);
        return found.find() ? found.group(1) : "";
    }

    /** Headings (level 1-6), fenced code blocks (level 0) and step items (-1) of a Markdown file, outside code. */
    private static List<Part> parts(Path markdown) throws IOException {
        List<Part> parts = new ArrayList<>();
        String fence = null;
        int number = 0;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            number++;
            Matcher opens = FENCE.matcher(line);
            if (fence == null && opens.find()) {
                fence = opens.group(1);
                parts.add(new Part(number, CODE, line.trim()));
            } else if (fence != null) {
                if (line.trim().startsWith(fence)) {
                    fence = null;
                }
            } else {
                Matcher heading = HEADING.matcher(line);
                Matcher step = STEP_ITEM.matcher(line);
                if (heading.matches()) {
                    parts.add(new Part(number, heading.group(1).length(), heading.group(2).trim()));
                } else if (step.find()) {
                    parts.add(new Part(number, STEP_ITEM_LEVEL, step.group(1)));
                }
            }
        }
        return parts;
    }

    // --- 2. bundles and 3. Texts.get keys ---------------------------------------------------

    /** Every bundle folder chatlab/i18n of the kit's sources (not the feedback files: Italian only by design). */
    private List<Path> bundleFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> paths = walk()) {
            paths.filter(path -> path.toString().endsWith(".properties"))
                    .filter(path -> path.getParent().endsWith(Path.of("chatlab", "i18n")))
                    .filter(path -> kit.relativize(path).toString().contains("src" + java.io.File.separator))
                    .filter(path -> !path.getFileName().toString().startsWith("feedback"))
                    .sorted().forEach(found::add);
        }
        return found;
    }

    private int checkBundles() throws IOException {
        int pairs = 0;
        for (Path file : bundleFiles()) {
            String name = file.getFileName().toString();
            if (name.endsWith("_it.properties")) {
                Path english = file.resolveSibling(name.replace("_it.properties", ".properties"));
                if (!Files.isRegularFile(english)) {
                    problems.add(relative(file) + ": an Italian bundle without its English "
                            + english.getFileName());
                }
                continue;
            }
            Path italian = file.resolveSibling(name.replace(".properties", "_it.properties"));
            if (!Files.isRegularFile(italian)) {
                problems.add(relative(file) + ": a bundle without its Italian " + italian.getFileName());
                continue;
            }
            pairs++;
            Set<String> en = load(file).stringPropertyNames();
            Set<String> it = load(italian).stringPropertyNames();
            missing(en, it, file, italian);
            missing(it, en, italian, file);
        }
        return pairs;
    }

    private void missing(Set<String> keys, Set<String> in, Path from, Path to) throws IOException {
        for (String key : new TreeSet<>(keys)) {
            if (!in.contains(key)) {
                problems.add(relative(to) + ": lacks the key '" + key + "' of " + relative(from) + ":"
                        + lineOfKey(from, key));
            }
        }
    }

    private int checkTextKeys() throws IOException {
        int count = 0;
        List<Path> sourceRoots;
        try (Stream<Path> paths = walk()) {
            sourceRoots = paths.filter(path -> path.endsWith(Path.of("src", "main", "java"))).sorted().toList();
        }
        for (Path sources : sourceRoots) {
            Path bundles = sources.getParent().resolve("resources/chatlab/i18n");
            Set<String> keys = new TreeSet<>();
            if (Files.isDirectory(bundles)) {
                try (Stream<Path> files = Files.list(bundles)) {
                    for (Path file : files.filter(path -> path.toString().endsWith(".properties")
                            && !path.getFileName().toString().contains("_")).toList()) {
                        keys.addAll(load(file).stringPropertyNames());
                    }
                }
            }
            for (Path java : javaFiles(sources)) {
                List<String> lines = MessageLiterals.withoutComments(Files.readString(java, StandardCharsets.UTF_8))
                        .lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    Matcher get = TEXTS_GET.matcher(lines.get(i));
                    while (get.find()) {
                        count++;
                        if (!keys.contains(get.group(1))) {
                            problems.add(relative(java) + ":" + (i + 1) + ": Texts.get(\"" + get.group(1)
                                    + "\") names a key that " + relative(bundles) + "/*.properties lack");
                        }
                    }
                }
            }
        }
        return count;
    }

    // --- 4. graded tests' feedback ----------------------------------------------------------

    /** Checks a lab's public and hidden tests; returns how many graded tests it has. */
    private int checkFeedback(String lab) throws IOException {
        Path publicTests = kit.resolve(lab).resolve("src/test/java");
        if (!Files.isDirectory(publicTests)) {
            problems.add(LIST + ": feedback " + lab + ": the kit has no " + lab + "/src/test/java");
            return 0;
        }
        Path publicFile = kit.resolve(lab).resolve(PUBLIC_FEEDBACK);
        int tests = checkTestRoot(publicTests, publicFile, null);
        Path hiddenTests = kit.resolve("solutions").resolve(lab).resolve("src/hidden-test/java");
        if (Files.isDirectory(hiddenTests)) {
            // The hidden tests run with the public ones: the public file's templates serve them too.
            tests += checkTestRoot(hiddenTests, kit.resolve("solutions").resolve(lab).resolve(HIDDEN_FEEDBACK),
                    publicFile);
        }
        return tests;
    }

    private int checkTestRoot(Path tests, Path file, Path alsoFile) throws IOException {
        if (!Files.isRegularFile(file)) {
            problems.add(relative(file) + ": missing (the Italian display names and reasons of "
                    + relative(tests) + ")");
            return 0;
        }
        Properties entries = load(file);
        checkTemplates(entries, file);
        Feedback own = Feedback.of(entries);
        Feedback also = alsoFile != null && Files.isRegularFile(alsoFile) ? Feedback.of(load(alsoFile)) : null;
        Set<String> gradedTests = new TreeSet<>();
        for (Path java : javaFiles(tests)) {
            String source = Files.readString(java, StandardCharsets.UTF_8);
            String code = MessageLiterals.withoutComments(source);
            String type = java.getFileName().toString().replace(".java", "");
            // Graded tests: @Points methods, and every @Test of a guard class (its rule shows in the table too).
            Matcher points = (code.contains("@Guard") ? GUARD_TEST : POINTS).matcher(code);
            while (points.find()) {
                Matcher method = METHOD.matcher(code);
                if (!method.find(points.end())) {
                    continue;
                }
                String key = type + "." + method.group(1);
                gradedTests.add(key);
                String name = entries.getProperty(key, "").trim();
                if (name.isEmpty()) {
                    problems.add(relative(java) + ":" + lineOf(code, method.start(1)) + ": the graded test "
                            + method.group(1) + " has no Italian display name: add '" + key + " = ...' to "
                            + relative(file));
                }
            }
            for (MessageLiterals.Message message : MessageLiterals.of(code, helpers)) {
                if (!own.matches(message.text()) && (also == null || !also.matches(message.text()))) {
                    problems.add(relative(java) + ":" + lineOf(code, message.offset()) + ": no reason template of "
                            + relative(file) + " matches the message \"" + message.text() + "\" (add reason.<id>.en"
                            + " = that text, %s for each wildcard, and reason.<id>.it)");
                }
            }
        }
        for (String key : new TreeSet<>(own.displayNames().keySet())) {
            if (!gradedTests.contains(key)) {
                problems.add(relative(file) + ":" + lineOfKey(file, key) + ": '" + key + "' names no graded test"
                        + " (@Points) of " + relative(tests));
            }
        }
        return gradedTests.size();
    }

    /** Each reason.id has .en and .it, the same number of wildcards, and some text besides them. */
    private void checkTemplates(Properties entries, Path file) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (String key : entries.stringPropertyNames()) {
            Matcher reason = Pattern.compile("reason\\.(.+)\\.(en|it)").matcher(key);
            if (reason.matches()) {
                ids.add(reason.group(1));
            } else if (key.startsWith("reason.")) {
                problems.add(relative(file) + ":" + lineOfKey(file, key) + ": '" + key
                        + "' is neither reason.<id>.en nor reason.<id>.it");
            }
        }
        for (String id : ids) {
            String en = entries.getProperty("reason." + id + ".en");
            String it = entries.getProperty("reason." + id + ".it");
            String where = relative(file) + ":" + lineOfKey(file, "reason." + id + (en == null ? ".it" : ".en"));
            if (en == null || it == null) {
                problems.add(where + ": reason." + id + " needs both .en and .it");
                continue;
            }
            long wildcards = Feedback.WILDCARD.matcher(en).results().count();
            if (en.replaceAll(Feedback.WILDCARD.pattern(), "").isBlank()) {
                problems.add(where + ": reason." + id + ".en is only wildcards: it would match any text");
            }
            try {
                String.format(it, new Object[(int) wildcards]);
                if (Feedback.WILDCARD.matcher(it).results().count() != wildcards) {
                    problems.add(where + ": reason." + id + ".it has " + Feedback.WILDCARD.matcher(it).results().count()
                            + " wildcard(s), the English " + wildcards);
                }
            } catch (java.util.IllegalFormatException e) {
                problems.add(where + ": reason." + id + ".it is not a valid pattern for " + wildcards
                        + " text(s): " + e.getMessage());
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private Stream<Path> walk() throws IOException {
        return Files.walk(kit).filter(path -> {
            for (Path part : kit.relativize(path)) {
                if (SKIPPED.contains(part.toString())) {
                    return false;
                }
            }
            return true;
        });
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
    }

    static Properties load(Path file) throws IOException {
        Properties entries = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            entries.load(in);
        }
        return entries;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int lineOfKey(Path file, String key) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Pattern start = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:]");
        for (int i = 0; i < lines.size(); i++) {
            if (start.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 1;
    }

    private String relative(Path path) {
        return kit.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}

package chatlab.teacher;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkout of the Chat Lab Kit, as the teacher tools see it: its labs (found from the root
 * pom's modules, never from a fixed list), their solutions, and the test settings of the root
 * pom that graded runs must share.
 */
public final class Kit {

    /** A lab module is a top-level module named like "lab03-multithread". */
    static final Pattern LAB_NAME = Pattern.compile("lab(\\d\\d)-[A-Za-z0-9-]+");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /**
     * One lab of the kit.
     *
     * @param name     module folder name, e.g. "lab01-sockets"
     * @param dir      the lab folder (starter code, public tests, handout)
     * @param solution the reference solution folder, or null if the kit has none for this lab
     */
    public record Lab(String name, Path dir, Path solution) {

        public int number() {
            Matcher matcher = LAB_NAME.matcher(name);
            return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
        }

        /** Teacher-only tests, kept beside the solution. */
        public Path hiddenTests() {
            return solution == null ? null : solution.resolve("src/hidden-test/java");
        }

        /** The module whose build compiles the kit's tests for this lab: the solution if there is one. */
        public Path gradingModule() {
            return solution != null ? solution : dir;
        }
    }

    private final Path root;
    private final Document pom;
    private final List<String> modules;
    private final List<Lab> labs;

    private Kit(Path root, Document pom) {
        this.root = root;
        this.pom = pom;
        this.modules = texts(first(pom.getDocumentElement(), "modules"), "module");
        List<Lab> found = new ArrayList<>();
        for (String module : modules) {
            if (LAB_NAME.matcher(module).matches() && Files.isDirectory(root.resolve(module))) {
                Path solution = root.resolve("solutions").resolve(module);
                found.add(new Lab(module, root.resolve(module), Files.isDirectory(solution) ? solution : null));
            }
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        this.labs = List.copyOf(found);
    }

    /** Opens the kit whose root folder (the one with the parent pom.xml) is given. */
    public static Kit open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        Path pomFile = absolute.resolve("pom.xml");
        if (!Files.isRegularFile(pomFile)) {
            throw new IOException(absolute + " is not the kit's root folder: it has no pom.xml");
        }
        return new Kit(absolute, parse(pomFile));
    }

    public Path root() {
        return root;
    }

    public List<String> modules() {
        return modules;
    }

    public List<Lab> labs() {
        return labs;
    }

    public Path rootPom() {
        return root.resolve("pom.xml");
    }

    /**
     * The labs a teacher named, in kit order: "lab03-multithread", "lab03", "03" or "3" all name
     * lab 3. An empty choice means every lab.
     */
    public List<Lab> select(List<String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return labs;
        }
        List<Lab> chosen = new ArrayList<>();
        for (String each : wanted) {
            Lab lab = find(each.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "there is no lab '" + each.trim() + "' in the kit; its labs are " + names()));
            if (!chosen.contains(lab)) {
                chosen.add(lab);
            }
        }
        chosen.sort((a, b) -> a.name().compareTo(b.name()));
        return chosen;
    }

    /** The labs up to and including the one named (see {@link #select}). */
    public List<Lab> upTo(String last) {
        Lab end = find(last.trim()).orElseThrow(() -> new IllegalArgumentException(
                "there is no lab '" + last.trim() + "' in the kit; its labs are " + names()));
        return labs.stream().filter(lab -> lab.name().compareTo(end.name()) <= 0).toList();
    }

    private Optional<Lab> find(String wanted) {
        for (Lab lab : labs) {
            if (lab.name().equals(wanted) || lab.name().startsWith(wanted + "-")
                    || wanted.matches("\\d{1,2}") && lab.number() == Integer.parseInt(wanted)) {
                return Optional.of(lab);
            }
        }
        return Optional.empty();
    }

    public List<String> names() {
        return labs.stream().map(Lab::name).toList();
    }

    /** A property of the root pom, or the fallback if it has none. */
    public String property(String name, String fallback) {
        Element properties = first(pom.getDocumentElement(), "properties");
        Element value = properties == null ? null : first(properties, name);
        return value == null ? fallback : value.getTextContent().trim();
    }

    /**
     * The JVM options of the root pom's surefire configuration (argLine), so that the batch
     * grader runs tests exactly as a student's build does (e.g. -Dfile.encoding=UTF-8).
     */
    public List<String> surefireArgLine() {
        Element configuration = surefireConfiguration();
        Element argLine = configuration == null ? null : first(configuration, "argLine");
        if (argLine == null) {
            return List.of("-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8");
        }
        return List.of(interpolate(argLine.getTextContent()).trim().split("\\s+"));
    }

    /** The JUnit configuration parameters of the root pom's surefire configuration. */
    public Map<String, String> junitConfiguration() {
        Map<String, String> parameters = new LinkedHashMap<>();
        Element configuration = surefireConfiguration();
        Element properties = configuration == null ? null : first(configuration, "properties");
        Element text = properties == null ? null : first(properties, "configurationParameters");
        if (text == null) {
            parameters.put("junit.jupiter.execution.timeout.default", property("grading.testTimeout", "10 s"));
            parameters.put("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD");
            return parameters;
        }
        for (String line : interpolate(text.getTextContent()).split("\\R")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                parameters.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return parameters;
    }

    private Element surefireConfiguration() {
        Element build = first(pom.getDocumentElement(), "build");
        Element plugins = build == null ? null : first(build, "plugins");
        if (plugins == null) {
            return null;
        }
        for (Element plugin : children(plugins, "plugin")) {
            Element artifact = first(plugin, "artifactId");
            if (artifact != null && artifact.getTextContent().trim().equals("maven-surefire-plugin")) {
                return first(plugin, "configuration");
            }
        }
        return null;
    }

    private String interpolate(String text) {
        Matcher matcher = PROPERTY.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(property(matcher.group(1), matcher.group())));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    static Document parse(Path xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(xml.toFile());
        } catch (Exception e) {
            throw new IOException("cannot read " + xml + ": " + e.getMessage(), e);
        }
    }

    private static Element first(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<String> texts(Element parent, String name) {
        return parent == null ? List.of()
                : children(parent, name).stream().map(element -> element.getTextContent().trim()).toList();
    }
}

package chatlab.grading;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutation score of a lab's tests where it matters: in the code students write. PIT mutates
 * the whole reference solution; this counts only the mutants inside {@code // region Step N}
 * blocks (see {@link StarterSync}), since given code is not the students' to get wrong.
 *
 * <p>Usage: {@code MutationScore <module name> <pit-reports/mutations.xml> <solution src/main/java>}.
 * Prints the score and every survivor, and writes them beside the report in student-regions.txt.
 */
public final class MutationScore {

    /** One mutant PIT made, as its XML report describes it. */
    record Mutant(String file, int line, String mutator, String description, String status, boolean killed) {

        String where() {
            return file + ":" + line;
        }
    }

    private MutationScore() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: MutationScore <module> <mutations.xml> <src/main/java>");
        }
        Path report = Path.of(args[1]);
        if (!Files.isRegularFile(report)) {
            System.out.println("[mutation] " + args[0] + ": no PIT report at " + report);
            return;
        }
        Path sources = Path.of(args[2]);
        List<Mutant> inRegions = new ArrayList<>();
        Map<String, boolean[]> regionLines = new HashMap<>();
        for (Mutant mutant : read(report)) {
            boolean[] lines = regionLines.computeIfAbsent(mutant.file(), file -> regionLinesOf(sources.resolve(file)));
            if (mutant.line() < lines.length && lines[mutant.line()]) {
                inRegions.add(mutant);
            }
        }
        String summary = summary(args[0], inRegions);
        System.out.print(summary);
        Files.writeString(report.resolveSibling("student-regions.txt"), summary, StandardCharsets.UTF_8);
    }

    static String summary(String module, List<Mutant> mutants) {
        long killed = mutants.stream().filter(Mutant::killed).count();
        StringBuilder text = new StringBuilder(String.format("[mutation] %s: %d of %d mutants in student regions killed (%d %%)%n",
                module, killed, mutants.size(), mutants.isEmpty() ? 100 : Math.round(100.0 * killed / mutants.size())));
        for (Mutant survivor : mutants.stream().filter(m -> !m.killed()).toList()) {
            text.append(String.format("[mutation]   %-9s %s %s (%s)%n", survivor.status().toLowerCase(), survivor.where(),
                    survivor.description(), survivor.mutator()));
        }
        return text.toString();
    }

    static List<Mutant> read(Path mutationsXml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList nodes = factory.newDocumentBuilder().parse(mutationsXml.toFile()).getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element mutation = (Element) nodes.item(i);
            String mutatedClass = text(mutation, "mutatedClass");
            int packageEnd = mutatedClass.lastIndexOf('.');
            String folder = packageEnd < 0 ? "" : mutatedClass.substring(0, packageEnd).replace('.', '/') + "/";
            String mutator = text(mutation, "mutator");
            mutants.add(new Mutant(folder + text(mutation, "sourceFile"), Integer.parseInt(text(mutation, "lineNumber")),
                    mutator.substring(mutator.lastIndexOf('.') + 1), text(mutation, "description"),
                    mutation.getAttribute("status"), Boolean.parseBoolean(mutation.getAttribute("detected"))));
        }
        return mutants;
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }

    /** For each line number of a source file, whether it lies inside a student region. */
    static boolean[] regionLinesOf(Path source) {
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            return new boolean[0];
        }
        boolean[] inside = new boolean[lines.size() + 1];
        boolean open = false;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).trim();
            if (line.startsWith(StarterSync.REGION)) {
                open = true;
            } else if (line.startsWith(StarterSync.END_REGION)) {
                open = false;
            } else {
                inside[number] = open;
            }
        }
        return inside;
    }
}

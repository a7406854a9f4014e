package chatlab.teacher;

import chatlab.teacher.Kit.Lab;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Grading where the students push: a plain GitHub Actions workflow for the student edition, and
 * one Classroom 50 autograder per lab for the teacher's classroom50 repository. Both run the
 * same script (grade.py, Python standard library only), which scores test by test from the
 * kit's result.json with the mode pinned to student on Maven's command line.
 */
final class ClassroomFiles {

    /** Where the student edition keeps the script its workflow runs. */
    static final String SCRIPT_IN_EDITION = ".github/scripts/grade.py";
    static final String WORKFLOW_IN_EDITION = ".github/workflows/grade.yml";
    /** A graded test method: its @Points, then (after other annotations) the next method's name. */
    private static final Pattern POINTS = Pattern.compile("@Points\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern METHOD = Pattern.compile("\\bvoid\\s+(\\w+)\\s*\\(");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

    private ClassroomFiles() {
    }

    /** The grading script, as shipped in the kit's resources. */
    static String script() {
        try (InputStream in = ClassroomFiles.class.getResourceAsStream("classroom/grade.py")) {
            if (in == null) {
                throw new IllegalStateException("the teacher tools lack classroom/grade.py: rebuild them");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plain GitHub Actions workflow: on every push, every lab's tests in student mode, the
     * score table test by test in the run's summary, and each lab's result.json as an artifact.
     * Named grade.yml: Classroom 50 reserves autograde.yaml for its own caller workflow.
     */
    static String workflow(List<Lab> labs) {
        return workflow(labs, "en");
    }

    /** The workflow, its comments and step names in this language ("it" or "en"); its commands are the same. */
    static String workflow(List<Lab> labs, String language) {
        String names = String.join(" ", labs.stream().map(Lab::name).toList());
        String english = WORKFLOW.formatted(SCRIPT_IN_EDITION, names);
        if (!EditionLanguage.of(language).equals("it")) {
            return english;
        }
        String italian = english;
        for (String[] pair : WORKFLOW_ITALIAN) {
            italian = italian.replace(pair[0], pair[1]);
        }
        return italian;
    }

    /** The workflow's human texts and their Italian (comments and step names: GitHub shows them). */
    private static final String[][] WORKFLOW_ITALIAN = {
            {"# Grades every lab on each push with the kit's tests, test by test (partial credit).",
                    "# Valuta ogni lab a ogni push con i test del kit, test per test (punteggio parziale)."},
            {"# The score table is in the run's summary; each lab's result.json is in the run's artifacts.",
                    "# La tabella dei punteggi è nel riepilogo dell'esecuzione; il result.json di ogni lab è tra i suoi artifact."},
            {"# Needs no classroom service. The run is red until every test of every lab passes.",
                    "# Non serve nessun servizio di classroom. L'esecuzione resta rossa finché tutti i test di tutti i lab non passano."},
            // The step before the workflow's name, which it contains.
            {"- name: Grade\n", "- name: Valuta\n"},
            {"name: Grade\n", "name: Valutazione\n"},
            {"- name: Checkout code", "- name: Scarica il codice"},
            {"- name: Set up JDK 17", "- name: Prepara il JDK 17"},
            {"- name: Set up Python", "- name: Prepara Python"},
            {"- name: Keep each lab's result.json", "- name: Conserva il result.json di ogni lab"},
    };

    private static final String WORKFLOW = """
                # Grades every lab on each push with the kit's tests, test by test (partial credit).
                # The score table is in the run's summary; each lab's result.json is in the run's artifacts.
                # Needs no classroom service. The run is red until every test of every lab passes.
                name: Grade
                on:
                  push:
                  workflow_dispatch:
                permissions:
                  contents: read
                jobs:
                  grade:
                    runs-on: ubuntu-latest
                    timeout-minutes: 30
                    steps:
                      - name: Checkout code
                        uses: actions/checkout@v4
                      - name: Set up JDK 17
                        uses: actions/setup-java@v4
                        with:
                          distribution: temurin
                          java-version: '17'
                          cache: maven
                      - name: Set up Python
                        uses: actions/setup-python@v5
                        with:
                          python-version: '3.x'
                      - name: Grade
                        run: python3 %s %s
                      - name: Keep each lab's result.json
                        if: always()
                        uses: actions/upload-artifact@v4
                        with:
                          name: result-json
                          path: '*/target/grading/result.json'
                          if-no-files-found: warn
                """;

    /**
     * Writes one Classroom 50 autograder folder per lab into {@code target}/autograders: the
     * script as autograder.py, kit.json (the lab and its graded public tests with their points)
     * and kit/, the edition's copy of every file a student must not decide (root pom, Maven
     * wrapper, grading support, the lab's pom and public tests). No hidden test, no solution:
     * Classroom 50 serves the bundle from the classroom's Pages site.
     */
    static void writeClassroom50(Path edition, List<Lab> labs, Path target) throws IOException {
        for (Lab lab : labs) {
            Path folder = target.resolve("autograders").resolve(lab.name());
            Path kit = folder.resolve("kit");
            for (String file : List.of("mvnw", "mvnw.cmd", ".mvn", "grading/support", lab.name() + "/pom.xml",
                    lab.name() + "/src/test")) {
                copy(edition.resolve(file), kit.resolve(file));
            }
            Files.writeString(kit.resolve("pom.xml"), StudentRelease.rootPom(Files.readString(edition.resolve("pom.xml"),
                    StandardCharsets.UTF_8), List.of("grading/support", lab.name())), StandardCharsets.UTF_8);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("lab", lab.name());
            manifest.put("tests", gradedTests(edition.resolve(lab.name()).resolve("src/test/java")));
            Files.writeString(folder.resolve("kit.json"), new GsonBuilder().setPrettyPrinting().create().toJson(manifest),
                    StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("autograder.py"), script(), StandardCharsets.UTF_8);
        }
        Files.writeString(target.resolve("README.md"), classroom50Readme(labs), StandardCharsets.UTF_8);
    }

    /** Every graded test method of a test source tree: id (class#method) and points. */
    static List<Map<String, Object>> gradedTests(Path testSources) throws IOException {
        List<Map<String, Object>> tests = new ArrayList<>();
        if (!Files.isDirectory(testSources)) {
            return tests;
        }
        try (Stream<Path> files = Files.walk(testSources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher packageName = PACKAGE.matcher(source);
                String className = file.getFileName().toString().replace(".java", "");
                String qualified = packageName.find() ? packageName.group(1) + "." + className : className;
                Matcher points = POINTS.matcher(source);
                Matcher method = METHOD.matcher(source);
                while (points.find()) {
                    if (!method.find(points.end())) {
                        break;
                    }
                    Map<String, Object> test = new LinkedHashMap<>();
                    test.put("id", qualified + "#" + method.group(1));
                    test.put("name", method.group(1));
                    test.put("points", Integer.parseInt(points.group(1)));
                    tests.add(test);
                }
            }
        }
        return tests;
    }

    private static String classroom50Readme(List<Lab> labs) {
        String first = labs.get(0).name();
        return """
                # Classroom 50 autograders of the Chat Lab Kit

                One folder per lab, for a Classroom 50 assignment per lab. Copy a lab's folder to
                `CLASSROOM/autograders/ASSIGNMENT/` in your `classroom50` repository, e.g.:

                    cp -r autograders/%1$s ~/classroom50/my-class/autograders/%1$s

                and give the assignment the runtime `{ "java": "17" }` and the student edition as template.
                Classroom 50's runner starts `autograder.py` in the student's checkout; it puts the kit's
                own poms, Maven wrapper, grading support and public tests back over the student's copies,
                runs the lab's tests with `-Dgrading.mode=student`, and writes `result.json`
                (schema `classroom50/result/v1`) with one row per test, worth the test's points.

                The bundle is public on the classroom's Pages site: it holds no hidden test and no
                solution. Grade hidden tests with the kit's `grading/grade` (see grading/README.md).
                """.formatted(first);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path path : paths.toList()) {
                    Path destination = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.createDirectories(destination.getParent());
                        Files.copy(path, destination);
                    }
                }
            }
        } else if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}

package chatlab.teacher;

import chatlab.teacher.Kit.Lab;

import java.nio.file.Files;
import java.util.List;

/**
 * The student edition's README, in English (README.md) and Italian (README.it.md), linked to each
 * other; its grading workflow comes from {@link ClassroomFiles}.
 */
final class StudentFiles {

    private StudentFiles() {
    }

    static String readme(List<Lab> labs) {
        return readme(labs, "en");
    }

    /** The README in this language ("it" or "en"). */
    static String readme(List<Lab> labs, String language) {
        boolean italian = EditionLanguage.of(language).equals("it");
        StringBuilder list = new StringBuilder();
        for (Lab lab : labs) {
            // A handout not translated yet is listed in English.
            String handout = italian && Files.isRegularFile(lab.dir().resolve("README.it.md")) ? "README.it.md" : "README.md";
            list.append("- [`").append(lab.name()).append("`](").append(lab.name()).append('/').append(handout)
                    .append(")\n");
        }
        String first = labs.get(0).name();
        String firstHandout = first + (Files.isRegularFile(labs.get(0).dir().resolve("README.it.md")) ? "/README.it.md"
                : "/README.md");
        return italian ? ITALIAN.formatted(list, first, firstHandout, first, first, first)
                : ENGLISH.formatted(list, first, first, first, first);
    }

    private static final String ENGLISH = """
                *[Italiano](README.it.md)*

                # Chat Lab Kit

                Step by step from a bare echo socket to a complete multi-client chat, in Java. Each lab is a
                folder with a handout (its README.md), starter code to complete and the tests that grade it.

                Labs in this edition:

                %s
                ## What you need

                A JDK 17 or newer (`java -version`). Nothing else: `./mvnw` (on Windows `mvnw.cmd`) downloads
                Maven the first time.

                ## Doing a lab

                1. Read the lab's handout, `%s/README.md`.
                2. Complete the code in `%s/src/main/java`: every `// TODO Step N` matches step N of the handout.
                3. Run the lab's tests:

                   ```
                   ./mvnw -q -pl %s -am test
                   ```

                   The run ends with a score table: each test, its points, and for each failure what your code
                   did and what was expected, in plain words, then which step to do next. Read the table, not
                   the build's status: the build ends without an error (exit code 0) while tests fail. Add
                   `-Dgrading.strict=true` if you want it to fail unless every test passes.

                   On Linux and macOS a lab's folder works too: `cd %s && ../mvnw test` gives the same table.

                Do not edit the tests in `src/test/java`: your teacher grades your `src/main/java` with the
                kit's own copy of the tests, plus a few more that are not in this repository.

                ## Automatic grading on every push

                On GitHub, every push runs `.github/workflows/grade.yml`: the tests of every lab, scored test by
                test. The run's summary shows your score table; each lab's `result.json` is among the run's
                artifacts. If your class uses Classroom 50, it grades your pushes the same way and publishes
                the score as a Release of your repository.
                """;

    private static final String ITALIAN = """
                *[English](README.md)*

                # Chat Lab Kit

                Passo dopo passo, da un semplice socket di eco a una chat completa con più client, in Java. Ogni
                lab è una cartella con una scheda (il suo README, in italiano e in inglese), il codice di partenza
                da completare e i test che lo valutano.

                I lab di questa edizione:

                %s
                ## Che cosa ti serve

                Un JDK 17 o più recente (`java -version`). Nient'altro: `./mvnw` (su Windows `mvnw.cmd`) scarica
                Maven la prima volta.

                ## Come si svolge un lab

                1. Leggi la scheda del lab, [`%s`](%s).
                2. Completa il codice in `%s/src/main/java`: ogni `// TODO Step N` corrisponde al Passo N della
                   scheda.
                3. Esegui i test del lab:

                   ```
                   ./mvnw -q -pl %s -am test
                   ```

                   L'esecuzione finisce con una tabella dei punteggi: ogni test, i suoi punti e, per ogni
                   fallimento, che cosa ha fatto il tuo codice e che cosa ci si aspettava, in parole semplici,
                   poi quale passo fare dopo. Leggi la tabella, non lo stato della build: la build finisce senza
                   errori (exit code 0) anche quando dei test falliscono. Aggiungi `-Dgrading.strict=true` se vuoi
                   che fallisca finché tutti i test non passano.

                   Su Linux e macOS funziona anche la cartella del lab: `cd %s && ../mvnw test` dà la stessa tabella.

                   La tabella e i motivi dei fallimenti sono in italiano; `-Dgrading.lang=en` li dà in inglese.

                Non modificare i test in `src/test/java`: il docente valuta il tuo `src/main/java` con la copia
                dei test del kit, più alcuni test nascosti che non sono in questo repository.

                ## Valutazione automatica a ogni push

                Su GitHub, ogni push esegue `.github/workflows/grade.yml`: i test di ogni lab, con il punteggio
                test per test. Il riepilogo dell'esecuzione mostra la tua tabella dei punteggi; il `result.json`
                di ogni lab è tra gli artifact dell'esecuzione. Se la tua classe usa Classroom 50, valuta i tuoi
                push allo stesso modo e pubblica il punteggio come Release del tuo repository.
                """;
}

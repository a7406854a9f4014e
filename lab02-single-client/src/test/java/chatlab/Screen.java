package chatlab;

import chatlab.testkit.Waits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The operator's screen: captures what the server prints, for a test to look at. */
final class Screen {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    PrintStream printStream() {
        return out;
    }

    /** The lines printed so far (ByteArrayOutputStream is thread-safe). */
    List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }

    /** Waits until the screen shows this line; fails saying what it shows instead. */
    void awaitLine(String expected) {
        Waits.until(() -> lines().contains(expected),
                () -> "the operator's console should show the line \"" + expected + "\", but it shows " + lines());
    }
}

package chatlab.teacher.run;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For the teacher: the full reason and stack trace of each failed test, which result.json cuts
 * to a short sentence for the student. Written (atomically, after each failure) as a small
 * properties file in the run's working folder: test id, then the trace. Never affects points.
 */
public final class FailureDetails implements TestExecutionListener {

    /** The file, in the test JVM's working folder. */
    public static final String FILE = "failure-details.txt";
    /** Frames kept per trace: enough to reach the student's code, short enough to read. */
    private static final int FRAMES = 40;

    private final Path file;
    private final Map<String, String> details = new LinkedHashMap<>();

    FailureDetails(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void executionFinished(TestIdentifier identifier, TestExecutionResult outcome) {
        if (outcome.getStatus() == TestExecutionResult.Status.SUCCESSFUL || outcome.getThrowable().isEmpty()) {
            return;
        }
        identifier.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast).ifPresent(method -> {
            details.put(method.getClassName() + "#" + method.getMethodName(), trace(outcome.getThrowable().get()));
            save();
        });
    }

    static String trace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        String[] lines = text.toString().split("\\R");
        StringBuilder kept = new StringBuilder();
        int frames = 0;
        for (String line : lines) {
            boolean frame = line.trim().startsWith("at ");
            if (frame && ++frames > FRAMES) {
                continue;
            }
            if (!frame) {
                frames = 0;
            }
            kept.append(line).append('\n');
        }
        return kept.toString();
    }

    private void save() {
        StringBuilder text = new StringBuilder();
        details.forEach((id, trace) -> text.append("=== ").append(id).append('\n').append(trace));
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Details are a help for the teacher; grading goes on without them.
        }
    }

    /** Reads the file back: test id -> reason and stack trace. */
    public static Map<String, String> read(Path file) {
        Map<String, String> details = new LinkedHashMap<>();
        try {
            String id = null;
            StringBuilder trace = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("=== ")) {
                    if (id != null) {
                        details.put(id, trace.toString());
                    }
                    id = line.substring(4);
                    trace.setLength(0);
                } else {
                    trace.append(line).append('\n');
                }
            }
            if (id != null) {
                details.put(id, trace.toString());
            }
        } catch (IOException | RuntimeException unreadable) {
            // No details: the feedback's short reasons stay.
        }
        return details;
    }
}

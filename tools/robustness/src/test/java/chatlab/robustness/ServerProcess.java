package chatlab.robustness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The full chat's server in a process of its own, as {@code java -jar chat.jar server} runs it. */
final class ServerProcess {

    private static final Pattern LISTENING = Pattern.compile("Chat server on \\S+:(\\d+)");

    private ServerProcess() {
    }

    /** The command that starts the server with these options, on this test's JDK and class path. */
    static ProcessBuilder command(String... options) {
        return command(List.of(), options);
    }

    /** The same, with options for the JVM, e.g. {@code -Xmx64m} or {@code -Xss256k}. */
    static ProcessBuilder command(List<String> jvmOptions, String... options) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Duser.language=en")); // the English console
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "chatlab.ChatApp", "server"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command);
    }

    /** Reads the server's standard output until it says where it listens; its port. */
    static int portOf(Process server, String whereErrorsGo) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) { // the server prints this line once it listens
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
        }
        throw new AssertionError("the server ended without listening: " + whereErrorsGo);
    }
}

package chatlab.testkit;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test's own class run in a child JVM under the Java debugger interface (JDI), so that a test
 * can pause one thread of the student's code at a point the handout names (a public method of
 * the lab, or a JDK call such as {@code Thread.start()} or {@code ServerSocket.accept()}), let the
 * other threads run, and resume it: the scheduler of the race is in the test's hands, and an
 * interleaving that the operating system produces once in a million runs happens every time.
 *
 * <p>It never reads the student's private structure by name: the requests it offers select
 * classes and methods of the lab's documented API, or fields by their type.
 *
 * <p>The child's standard input takes the test's commands ({@link #send}), its standard output
 * is read line by line ({@link #awaitLine}). Its events are queued for the test
 * ({@link #nextEvent}); each stays suspended (as its request's suspend policy says) until the
 * test resumes it.
 */
public final class DebuggedJvm implements AutoCloseable {

    private static final Pattern JDWP_PORT = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    private final Process process;
    private final VirtualMachine vm;
    private final Writer stdin;
    private final BlockingQueue<String> stdout;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private DebuggedJvm(Process process, VirtualMachine vm, BlockingQueue<String> stdout) {
        this.process = process;
        this.vm = vm;
        this.stdout = stdout;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pumpEvents, "JDI events");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code mainClass} (on this JVM's class path) in a JVM of its own, under the debugger. */
    public static DebuggedJvm start(String mainClass, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(process, lines), "child JVM output");
        reader.setDaemon(true);
        reader.start();
        try {
            String announce = take(lines, line -> JDWP_PORT.matcher(line).find(), Duration.ofSeconds(20));
            Matcher port = JDWP_PORT.matcher(announce);
            port.find();
            VirtualMachine vm = attach(Integer.parseInt(port.group(1)));
            return new DebuggedJvm(process, vm, lines);
        } catch (IOException | RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static VirtualMachine attach(int port) throws IOException {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow(() -> new IOException("this JDK has no JDI socket connector"));
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(Integer.toString(port));
        try {
            return socket.attach(arguments);
        } catch (com.sun.jdi.connect.IllegalConnectorArgumentsException e) {
            throw new IOException(e);
        }
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ended) {
            // the child ended
        }
    }

    private void pumpEvents() {
        try {
            while (true) {
                EventSet set = vm.eventQueue().remove();
                for (Event event : set) {
                    if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        return;
                    }
                    if (event instanceof LocatableEvent) {
                        events.add(event); // stays suspended until the test resumes it
                    }
                }
                if (set.stream().noneMatch(e -> e instanceof LocatableEvent)) {
                    set.resume(); // VM start, thread start/death...: nothing to hold
                }
            }
        } catch (InterruptedException | com.sun.jdi.VMDisconnectedException ended) {
            // the child is gone
        }
    }

    public VirtualMachine vm() {
        return vm;
    }

    /** Writes one command line to the child's standard input. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** The child's next output line that matches, skipping the others; fails after {@code wait}. */
    public String awaitLine(Predicate<String> wanted, Duration wait) {
        return take(stdout, wanted, wait);
    }

    /** The child's next output line that matches, or null if none came within {@code wait}. */
    public String pollLine(Predicate<String> wanted, Duration wait) {
        try {
            return take(stdout, wanted, wait);
        } catch (AssertionError none) {
            return null;
        }
    }

    private static String take(BlockingQueue<String> lines, Predicate<String> wanted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("the test's JVM under the debugger printed no expected line within " + wait.toSeconds() + " s");
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next event of an enabled request (its thread suspended as the request says), or null after {@code wait}. */
    public Event nextEvent(Duration wait) {
        try {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            vm.dispose();
        } catch (RuntimeException alreadyGone) {
            // the child ended first
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

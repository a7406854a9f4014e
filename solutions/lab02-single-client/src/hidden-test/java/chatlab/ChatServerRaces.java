package chatlab;

import chatlab.testkit.ChildScenario;
import chatlab.testkit.DebuggedJvm;
import chatlab.testkit.LineConnection;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.event.AccessWatchpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.MethodEntryEvent;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.request.AccessWatchpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodEntryRequest;
import com.sun.jdi.request.MethodExitRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of {@link ChatServerRacesHiddenTest}, each run in a JVM of its own by
 * {@link ChildScenario} (the debugger interface is not among the modules a graded test JVM sees):
 * teacher-only checks of lab 02 for races that the operating system produces once in a long while
 * (a thread descheduled for a moment at the wrong place), produced here every time: the server
 * runs in a JVM of its own under the debugger, which stops one thread at a call the handout
 * names (sending WELCOME, accept() returning, closing the server socket, the operator taking a
 * console line) while the test lets the other threads act. Any correct order of the steps passes
 * whatever the pause; the order the handout warns against fails each time.
 */
final class ChatServerRaces {

    /** Bound of every wait for the debugger: a JVM under the debugger runs slowly at first. */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);
    private static final Duration REPLY = Duration.ofSeconds(15);

    private DebuggedJvm jvm;
    private EventRequestManager requests;
    private int port;

    public static void main(String[] args) {
        ChildScenario.main(() -> {
            ChatServerRaces races = new ChatServerRaces();
            races.startServerUnderDebugger();
            try {
                switch (args[0]) {
                case "operatorLineWhileWelcoming" -> races.operatorLineWhileWelcoming();
                case "closeRightAfterAccept" -> races.closeRightAfterAccept();
                case "operatorReadsTheClientOnce" -> races.operatorReadsTheClientOnce();
                    default -> throw new IllegalArgumentException("no scenario " + args[0]);
                }
            } finally {
                races.stopIt();
            }
        });
    }

    void startServerUnderDebugger() throws IOException {
        jvm = DebuggedJvm.start("chatlab.ChatServerUnderDebugger");
        requests = jvm.vm().eventRequestManager();
        port = Integer.parseInt(jvm.awaitLine(line -> line.startsWith("port "), EVENT_WAIT).substring("port ".length()));
    }

    void stopIt() throws InterruptedException {
        if (jvm != null) {
            jvm.close();
        }
    }

    void operatorLineWhileWelcoming() throws Exception {
        MethodEntryRequest sends = requests.createMethodEntryRequest();
        sends.addClassFilter("chatlab.ClientConnection");
        sends.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        sends.enable();
        jvm.send("serve");
        try (LineConnection alice = LineConnection.open(port)) {
            alice.send("alice");
            ThreadReference welcoming = awaitCall(sends, "send", "the server to send WELCOME alice",
                    argument -> argument.startsWith("WELCOME "));
            requests.deleteEventRequest(sends);
            // The serve thread is stopped as it starts sending WELCOME: alice is welcomed from now on.
            jvm.send("type hello");
            // The operator thread takes the line and sends it (it may wait for the connection's lock).
            jvm.pollLine(line -> line.equals("console waiting 2"), Duration.ofSeconds(4));
            welcoming.resume();
            List<String> received = readLines(alice, 2, REPLY);
            assertThat(received)
                    .as("the operator typed \"hello\" while your server was sending \"WELCOME alice\" (the serve thread"
                            + " was held just as it called send): once a client is welcomed, the operator's lines must"
                            + " reach it, but alice received only %s. Make the client current BEFORE sending WELCOME"
                            + " (handout step 2): the other order leaves a moment in which the operator thread still"
                            + " finds nobody in the chat and drops the line", received)
                    .contains("WELCOME alice", "MSG operator hello");
        }
    }

    void closeRightAfterAccept() throws Exception {
        ThreadReference main = thread("main");
        MethodExitRequest accepts = requests.createMethodExitRequest();
        accepts.addClassFilter("java.net.ServerSocket");
        accepts.addThreadFilter(main);
        accepts.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        accepts.enable();
        jvm.send("serve");
        ThreadReference commands = thread("commands");
        MethodEntryRequest closes = requests.createMethodEntryRequest();
        closes.addClassFilter("java.net.ServerSocket");
        closes.addThreadFilter(commands);
        closes.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        closes.enable();
        try (LineConnection bob = LineConnection.open(port)) {
            bob.send("bob");
            ThreadReference accepted = awaitCall(accepts, "accept", "serve() to accept a client", null);
            requests.deleteEventRequest(accepts);
            // serve() holds bob's socket but has done nothing with it yet; now close() runs, up to the
            // moment it closes the server socket, and serve() goes on meanwhile.
            jvm.send("close");
            ThreadReference closing = awaitCall(closes, "close", "close() to close the server socket", null);
            requests.deleteEventRequest(closes);
            accepted.resume();
            List<String> received = new ArrayList<>(readLines(bob, 1, Duration.ofSeconds(2)));
            if (closing != null) {
                closing.resume();
            }
            String returned = jvm.pollLine(line -> line.equals("serve returned"), REPLY);
            if (!received.contains(null)) {
                received.addAll(readLines(bob, 3, REPLY));
            }
            received.remove(null);
            String what = "close() was called just after serve() had accepted bob (bob had sent its name); bob received "
                    + received + " and serve() " + (returned != null ? "returned" : "did not return within "
                    + REPLY.toSeconds() + " s") + ". ";
            assertThat(received.isEmpty() || received.get(received.size() - 1).equals("SHUTDOWN"))
                    .as(what + "A client accepted as the server closes must not be served on: it gets SHUTDOWN (or is"
                            + " closed at once) and serve() returns. In close(), set the closed flag under the lock"
                            + " before anything else, so that serve() refuses the client it has just accepted")
                    .isTrue();
            assertThat(bob.closedByServerWithin(REPLY))
                    .as(what + "bob's connection must be closed once the server is closed").isTrue();
            assertThat(returned).as(what + "serve() must return once close() was called").isNotNull();
        }
    }

    void operatorReadsTheClientOnce() throws Exception {
        jvm.send("serve");
        for (int pause = 1; pause <= 3; pause++) {
            try (LineConnection client = LineConnection.open(port)) {
                client.send("client" + pause);
                assertThat(client.readLine(REPLY)).isEqualTo("WELCOME client" + pause);
                MethodExitRequest taken = requests.createMethodExitRequest();
                taken.addClassFilter("chatlab.ChatServerUnderDebugger$TypedConsole");
                taken.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                taken.enable();
                jvm.send("type hello " + pause);
                ThreadReference operator = awaitCall(taken, "readLine", "the operator thread to take the line \"hello "
                        + pause + "\" from its console (is it still alive? an exception ends it)", null);
                assertThat(operator).as("after a client left while the operator thread was sending it a line, the"
                        + " operator thread no longer takes the lines typed on the console: it died (a"
                        + " NullPointerException?). Read the current client ONCE into a local variable, check that"
                        + " local and send to it: the client may leave between two reads of the field").isNotNull();
                requests.deleteEventRequest(taken);
                AccessWatchpointEvent read = stopAtRead(operator, pause);
                client.send("{quit}");
                assertThat(client.closedByServerWithin(REPLY)).as("the server should close the connection after {quit}").isTrue();
                if (read != null) {
                    awaitNull(read.object(), read.field());
                    read.thread().resume(); // the operator thread reads the field again, if it does
                }
            }
        }
        try (LineConnection last = LineConnection.open(port)) {
            last.send("zoe");
            assertThat(last.readLine(REPLY)).isEqualTo("WELCOME zoe");
            jvm.send("type still there");
            assertThat(readLines(last, 1, REPLY))
                    .as("a client left while the operator thread was between reading the current client and sending"
                            + " to it; afterwards the operator's line \"still there\" never reached the next client: the"
                            + " operator thread died (a NullPointerException?). Read the current client ONCE into a local"
                            + " variable, check that local and send to it")
                    .containsExactly("MSG operator still there");
        }
    }

    /**
     * Stops the operator thread at its {@code pause}-th read of a field that holds the current
     * client (a field of the server whose type is ClientConnection or an AtomicReference), or
     * returns null if it reads such a field fewer times for this line.
     */
    private AccessWatchpointEvent stopAtRead(ThreadReference operator, int pause) {
        ReferenceType server = jvm.vm().classesByName("chatlab.ChatServer").get(0);
        Set<String> clientTypes = Set.of("chatlab.ClientConnection", "java.util.concurrent.atomic.AtomicReference");
        List<AccessWatchpointRequest> reads = new ArrayList<>();
        for (Field field : server.allFields()) {
            if (clientTypes.contains(field.typeName()) && !field.isStatic()) {
                AccessWatchpointRequest read = requests.createAccessWatchpointRequest(field);
                read.addThreadFilter(operator);
                read.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                read.enable();
                reads.add(read);
            }
        }
        operator.resume();
        AccessWatchpointEvent stopped = null;
        for (int count = 1; stopped == null; count++) {
            Event event = jvm.nextEvent(Duration.ofSeconds(3));
            if (event == null) {
                break; // fewer reads: nothing to stop at
            }
            if (count == pause && event instanceof AccessWatchpointEvent read && !holdsALock(read.thread())) {
                stopped = read;
            } else {
                ((LocatableEvent) event).thread().resume();
            }
        }
        reads.forEach(requests::deleteEventRequest);
        return stopped;
    }

    /**
     * Whether the thread holds a monitor (it reads the field inside a synchronized method or block).
     * Such a read is not held: the serve thread needs the same lock to clear the field, so holding
     * the reader there would only deadlock the test, and the lock already makes the read safe.
     */
    private boolean holdsALock(ThreadReference thread) {
        if (!jvm.vm().canGetOwnedMonitorInfo()) {
            return false;
        }
        try {
            return !thread.ownedMonitors().isEmpty();
        } catch (IncompatibleThreadStateException notSuspended) {
            return false;
        }
    }

    /** Waits (bounded) until the serve thread has cleared the field that held the client that left. */
    private static void awaitNull(ObjectReference server, Field field) throws InterruptedException {
        if (!field.typeName().equals("chatlab.ClientConnection")) {
            return;
        }
        long deadline = System.nanoTime() + REPLY.toNanos();
        while (System.nanoTime() < deadline && server.getValue(field) != null) {
            Thread.sleep(10); // polling another JVM's field: no event to wait for
        }
    }

    /**
     * The thread stopped at the next call of {@code method} (entry or exit, as the request says)
     * whose first argument, if {@code argument} is given, is a string it accepts; the other events
     * of the request are let go. Null if none within the bound.
     */
    private ThreadReference awaitCall(EventRequest request, String method, String what, Predicate<String> argument)
            throws IncompatibleThreadStateException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (true) {
            Event event = jvm.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                if (argument != null) {
                    throw new AssertionError("waited " + EVENT_WAIT.toSeconds() + " s for " + what + ", in vain");
                }
                return null;
            }
            LocatableEvent call = (LocatableEvent) event;
            if (event.request() == request && call.location().method().name().equals(method)
                    && (argument == null || accepts(call, argument))) {
                return call.thread();
            }
            call.thread().resume();
        }
    }

    private static boolean accepts(LocatableEvent call, Predicate<String> argument) throws IncompatibleThreadStateException {
        if (!(call instanceof MethodEntryEvent) && !(call instanceof MethodExitEvent)) {
            return false;
        }
        List<Value> arguments = call.thread().frame(0).getArgumentValues();
        return !arguments.isEmpty() && arguments.get(0) instanceof StringReference text && argument.test(text.value());
    }

    private ThreadReference thread(String name) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ThreadReference thread : jvm.vm().allThreads()) {
                if (thread.name().equals(name)) {
                    return thread;
                }
            }
            Thread.sleep(10); // the thread is being started in the other JVM
        }
        throw new AssertionError("no thread named " + name + " in the server's JVM");
    }

    /** Up to {@code count} lines, fewer if the server falls silent for the reply bound; null marks the end. */
    private static List<String> readLines(LineConnection client, int count, Duration wait) {
        List<String> lines = new ArrayList<>();
        try {
            while (lines.size() < count) {
                String line = client.readLine(wait);
                lines.add(line);
                if (line == null) {
                    break;
                }
            }
        } catch (AssertionError silent) {
            // no more lines within the bound
        }
        return lines;
    }
}

package chatlab;

import chatlab.testkit.ChildScenario;
import chatlab.testkit.DebuggedJvm;
import chatlab.testkit.LineConnection;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.MethodEntryEvent;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodEntryRequest;
import com.sun.jdi.request.MethodExitRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of {@link ChatServerRacesHiddenTest}, each run in a JVM of its own by
 * {@link ChildScenario} (the debugger interface is not among the modules a graded test JVM sees):
 * teacher-only checks of lab 03 for races that the operating system produces once in a long while
 * (a thread descheduled for a moment at the wrong place), produced here every time: the server
 * runs in a JVM of its own under the debugger, which stops the accept thread at a call the handout
 * names (right after it started a client's thread; as accept() returns a client), while the other
 * threads run on. Any correct order passes whatever the pause; registering the client after
 * starting its thread, or shutting the clients down in close() rather than after the accept loop,
 * fails each time.
 */
final class ChatServerRaces {

    /** Bound of every wait for the debugger: a JVM under the debugger runs slowly at first. */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);
    private static final Duration REPLY = Duration.ofSeconds(15);
    /**
     * How long the accept thread is held at most while alice's thread runs to its end. Reached only by
     * a server whose client thread cannot end while the accept thread is held; the verdict never
     * depends on it: alice's end is an event.
     */
    private static final Duration HELD_AT_MOST = Duration.ofSeconds(30);

    private DebuggedJvm jvm;
    private int port;

    public static void main(String[] args) {
        ChildScenario.main(() -> {
            ChatServerRaces races = new ChatServerRaces();
            races.startServerUnderDebugger();
            try {
                switch (args[0]) {
                case "clientGoneBeforeTheAcceptThreadGoesOn" -> races.clientGoneBeforeTheAcceptThreadGoesOn();
                case "closeJustAfterAccept" -> races.closeJustAfterAccept();
                    default -> throw new IllegalArgumentException("no scenario " + args[0]);
                }
            } finally {
                races.stopIt();
            }
        });
    }

    void startServerUnderDebugger() throws IOException {
        jvm = DebuggedJvm.start("chatlab.ChatServerUnderDebugger");
        port = Integer.parseInt(jvm.awaitLine(line -> line.startsWith("port "), EVENT_WAIT).substring("port ".length()));
    }

    void stopIt() throws InterruptedException {
        if (jvm != null) {
            jvm.close();
        }
    }

    /**
     * alice sends its name and {quit} at once; the accept thread is held just after it started
     * alice's thread, and let go only once alice's ClientHandler.run() has returned (its thread is
     * done with her, removal included, whatever the order of its last statements). A server that
     * registered alice before starting her thread answers online() with nobody; one that registers
     * her afterwards keeps her for ever, every time.
     */
    void clientGoneBeforeTheAcceptThreadGoesOn() throws Exception {
        ThreadReference main = mainThread();
        EventRequestManager requests = jvm.vm().eventRequestManager();
        MethodExitRequest starts = requests.createMethodExitRequest();
        starts.addClassFilter("java.lang.Thread");
        starts.addThreadFilter(main);
        starts.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        starts.enable();
        MethodExitRequest handlerExits = requests.createMethodExitRequest();
        handlerExits.addClassFilter("chatlab.ClientHandler");
        handlerExits.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        handlerExits.enable();
        MethodEntryRequest accepts = requests.createMethodEntryRequest(); // tells when the accept thread goes on
        accepts.addClassFilter("java.net.ServerSocket");
        accepts.addThreadFilter(main);
        accepts.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        accepts.enable();
        jvm.send("serve");
        ThreadReference accepting = null;
        boolean aliceDone = false;
        try (LineConnection alice = LineConnection.open(port)) {
            alice.send("alice\n{quit}"); // its name and {quit} in one packet
            long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
            while (accepting == null) {
                Event event = jvm.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                assertThat(event).as("serve() should start a thread for the client (Thread.start()) within "
                        + EVENT_WAIT.toSeconds() + " s of its connection").isNotNull();
                if (isStart(event)) {
                    accepting = ((LocatableEvent) event).thread();
                } else {
                    aliceDone |= isRunReturning(event); // her thread may end before start() itself returns
                    ((LocatableEvent) event).thread().resume();
                }
            }
            requests.deleteEventRequest(starts);
            // The accept thread is held just after start(): the client's thread welcomes alice, reads
            // {quit}, removes her and closes, as it would if the operating system paused the accept thread
            // there. A server whose client thread cannot end while the accept thread is held (it waits for
            // a lock the accept thread holds) has its accept thread let go after the bound: it is then
            // checked as it is, and only a registration after start() is what fails.
            if (!aliceDone) {
                aliceDone = awaitRunReturned(HELD_AT_MOST);
            }
            assertThat(alice.readLine(REPLY)).isEqualTo("WELCOME alice");
        } finally {
            if (accepting != null) {
                accepting.resume();
            }
        }
        // Once let go, the accept thread registers alice (if it does so after start()) and comes back to
        // accept() for the next client (its accept() for alice came before start()): only then does
        // online() tell the whole story. A server that accepts on another thread is asked after the bound.
        boolean acceptingAgain = false;
        long deadline = System.nanoTime() + REPLY.toNanos();
        while (!(aliceDone && acceptingAgain)) {
            Event event = jvm.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                break;
            }
            aliceDone |= isRunReturning(event);
            acceptingAgain |= isAcceptCall(event);
            ((LocatableEvent) event).thread().resume();
        }
        assertThat(aliceDone).as("alice sent its name and {quit}: her ClientHandler.run() should"
                + " return within " + REPLY.toSeconds() + " s").isTrue();
        requests.deleteEventRequest(handlerExits);
        requests.deleteEventRequest(accepts);
        String online = null;
        deadline = System.nanoTime() + REPLY.toNanos();
        while (System.nanoTime() < deadline) {
            letGoPendingEvents(); // of the requests just deleted, if any was on its way
            jvm.send("online");
            online = jvm.awaitLine(line -> line.startsWith("online "), REPLY);
            if (online.equals("online []")) {
                return;
            }
            Thread.sleep(50); // asking another JVM again: there is no event to wait for
        }
        throw new AssertionError("alice sent its name and {quit} at once; its thread finished while the accept thread was"
                + " held just after starting it (as the operating system may do), and afterwards online() still"
                + " answers " + online.substring("online ".length()) + ": alice stays registered forever. Register the"
                + " client (add it to the set) BEFORE starting its thread: the thread may run to its end, removal"
                + " included, before the accept thread's next statement (step 2)");
    }

    /**
     * alice connects and says nothing yet (still choosing her name); the accept thread is held as
     * accept() returns her socket, and close() runs to its end meanwhile. Then the accept thread goes
     * on. A server that shuts its clients down after the accept loop (handout step 2: "after the loop,
     * call shutDownClients()") registers alice, finds the server socket closed, and tells her; one that
     * walks the registry inside close() walked it before alice was in it: she is never told, never
     * disconnected, every time.
     */
    void closeJustAfterAccept() throws Exception {
        ThreadReference main = mainThread();
        EventRequestManager requests = jvm.vm().eventRequestManager();
        MethodExitRequest accepts = requests.createMethodExitRequest();
        accepts.addClassFilter("java.net.ServerSocket");
        accepts.addThreadFilter(main);
        accepts.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        accepts.enable();
        jvm.send("serve");
        try (LineConnection alice = LineConnection.open(port)) {
            ThreadReference accepted = null;
            long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
            while (accepted == null) {
                Event event = jvm.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                assertThat(event).as("serve() should accept the client (ServerSocket.accept()) within "
                        + EVENT_WAIT.toSeconds() + " s of its connection").isNotNull();
                if (event instanceof MethodExitEvent exit && exit.method().name().equals("accept")) {
                    accepted = exit.thread();
                } else {
                    ((LocatableEvent) event).thread().resume();
                }
            }
            requests.deleteEventRequest(accepts);
            letGoPendingEvents();
            // serve() holds alice's socket and has done nothing with it yet; close() runs to its end.
            jvm.send("close");
            jvm.pollLine(line -> line.equals("closed") || line.startsWith("command failed"), REPLY);
            accepted.resume();
            String returned = jvm.pollLine(line -> line.equals("serve returned"), REPLY);
            List<String> received = new ArrayList<>();
            boolean ended = false;
            try {
                String line;
                while (!ended && received.size() < 5) {
                    line = alice.readLine(REPLY);
                    if (line == null) {
                        ended = true;
                    } else {
                        received.add(line);
                    }
                }
            } catch (AssertionError silent) {
                // nothing more within the bound: the connection stayed open
            }
            String last = received.isEmpty() ? "" : received.get(received.size() - 1);
            assertThat(last).as("close() was called just as accept() returned alice (still choosing her name), before"
                    + " serve() did anything with her; alice then received " + received + ". A client accepted as the"
                    + " server closes must get SHUTDOWN: shut the clients down in serve(), after the accept loop (step 2),"
                    + " not in close()").isEqualTo("SHUTDOWN");
            assertThat(ended).as("alice got SHUTDOWN, but her connection was still open " + REPLY.toSeconds()
                    + " s later: close it after SHUTDOWN").isTrue();
            assertThat(returned).as("serve() should return once close() was called, but it did not within "
                    + REPLY.toSeconds() + " s").isNotNull();
        }
    }

    /** The debugged JVM's thread named main: the one that runs serve() in these scenarios. */
    private ThreadReference mainThread() {
        return jvm.vm().allThreads().stream().filter(t -> t.name().equals("main")).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named main in the server's JVM"));
    }

    /** Waits for a ClientHandler.run() to return, letting every other call go on; false after {@code wait}. */
    private boolean awaitRunReturned(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Event event = jvm.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                return false;
            }
            ((LocatableEvent) event).thread().resume();
            if (isRunReturning(event)) {
                return true;
            }
        }
    }

    private void letGoPendingEvents() {
        Event event;
        while ((event = jvm.nextEvent(Duration.ZERO)) != null) {
            ((LocatableEvent) event).thread().resume();
        }
    }

    private static boolean isStart(Event event) {
        return event instanceof MethodExitEvent exit && exit.method().name().equals("start")
                && exit.method().declaringType().name().equals("java.lang.Thread");
    }

    private static boolean isAcceptCall(Event event) {
        return event instanceof MethodEntryEvent call && call.method().name().equals("accept");
    }

    private static boolean isRunReturning(Event event) {
        return event instanceof MethodExitEvent exit && exit.method().name().equals("run")
                && exit.method().declaringType().name().equals("chatlab.ClientHandler");
    }
}

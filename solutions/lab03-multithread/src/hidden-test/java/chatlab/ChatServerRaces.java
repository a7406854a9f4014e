package chatlab;

import chatlab.testkit.ChildScenario;
import chatlab.testkit.DebuggedJvm;
import chatlab.testkit.LineConnection;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodExitRequest;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of {@link ChatServerRacesHiddenTest}, each run in a JVM of its own by
 * {@link ChildScenario} (the debugger interface is not among the modules a graded test JVM sees):
 * teacher-only checks of lab 03 for races that the operating system produces once in a long while
 * (a thread descheduled for a moment at the wrong place), produced here every time: the server
 * runs in a JVM of its own under the debugger, which stops the accept thread right after it
 * started a client's thread, while the client's thread runs on. Any correct order passes whatever
 * the pause; registering the client after starting its thread fails each time.
 */
final class ChatServerRaces {

    /** Bound of every wait for the debugger: a JVM under the debugger runs slowly at first. */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);
    private static final Duration REPLY = Duration.ofSeconds(15);

    private DebuggedJvm jvm;
    private int port;

    public static void main(String[] args) {
        ChildScenario.main(() -> {
            ChatServerRaces races = new ChatServerRaces();
            races.startServerUnderDebugger();
            try {
                switch (args[0]) {
                case "clientGoneBeforeTheAcceptThreadGoesOn" -> races.clientGoneBeforeTheAcceptThreadGoesOn();
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

    void clientGoneBeforeTheAcceptThreadGoesOn() throws Exception {
        ThreadReference main = jvm.vm().allThreads().stream().filter(t -> t.name().equals("main")).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named main in the server's JVM"));
        EventRequestManager requests = jvm.vm().eventRequestManager();
        MethodExitRequest starts = requests.createMethodExitRequest();
        starts.addClassFilter("java.lang.Thread");
        starts.addThreadFilter(main);
        starts.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        starts.enable();
        jvm.send("serve");
        ThreadReference accepting = null;
        try (LineConnection alice = LineConnection.open(port)) {
            alice.send("alice\n{quit}"); // its name and {quit} in one packet
            long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
            while (accepting == null) {
                Event event = jvm.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                assertThat(event).as("serve() should start a thread for the client (Thread.start()) within "
                        + EVENT_WAIT.toSeconds() + " s of its connection").isNotNull();
                ThreadReference thread = ((LocatableEvent) event).thread();
                if (((LocatableEvent) event).location().method().name().equals("start")) {
                    accepting = thread;
                } else {
                    thread.resume();
                }
            }
            requests.deleteEventRequest(starts);
            // The accept thread is held just after start(): the client's thread welcomes alice, reads
            // {quit} and closes, as it would if the operating system paused the accept thread there.
            assertThat(alice.readLine(REPLY)).isEqualTo("WELCOME alice");
            // Bounded generously: on a busy machine the client's thread may take seconds (a server whose
            // removal waits for the accept thread may not close yet: it is resumed after the bound).
            alice.closedByServerWithin(Duration.ofSeconds(30));
        } finally {
            if (accepting != null) {
                accepting.resume();
            }
        }
        String online = null;
        long deadline = System.nanoTime() + REPLY.toNanos();
        while (System.nanoTime() < deadline) {
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
                + " included, before the accept thread's next statement (handout step 2)");
    }
}

package chatlab;

import chatlab.testkit.ChildScenario;
import chatlab.testkit.DebuggedJvm;
import chatlab.testkit.LineConnection;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodExitRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of {@link ChatServerRacesHiddenTest}, each run in a JVM of its own by
 * {@link ChildScenario}: the server runs in a third JVM under the debugger, which stops a thread
 * of the student's code right after a call of {@link ClientHandler#offer} (public, named by the
 * handout) while the test's clients go on talking.
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
                    case "noBroadcastAfterTheError" -> races.noBroadcastAfterTheError();
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
     * PROTOCOL.md: ERROR LINE_TOO_LONG is the last line the client gets. The thread of the client
     * with the line too long is held just after it queued the ERROR (as the operating system may
     * pause it there); meanwhile another client speaks. If the client was still in the chat, that
     * message is queued after its ERROR. A server that removes the client before queuing the ERROR
     * passes whatever the pause; one that queues the ERROR and leaves afterwards fails every time.
     * A server that queues the ERROR without calling offer() is not held and is checked as is.
     */
    void noBroadcastAfterTheError() throws Exception {
        jvm.send("serve");
        EventRequestManager requests = jvm.vm().eventRequestManager();
        ThreadReference held = null;
        try (LineConnection bob = LineConnection.open(port); LineConnection vic = LineConnection.open(port)) {
            bob.send("bob");
            assertThat(bob.readLine(REPLY)).isEqualTo("WELCOME bob");
            vic.send("vic");
            assertThat(vic.readLine(REPLY)).isEqualTo("WELCOME vic");
            assertThat(bob.readLine(REPLY)).isEqualTo("JOINED vic");
            MethodExitRequest offers = requests.createMethodExitRequest();
            offers.addClassFilter("chatlab.ClientHandler");
            offers.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            offers.enable();
            try {
                vic.send("v".repeat(Protocol.MAX_LINE_BYTES + 1000));
                held = awaitErrorQueued();
            } finally {
                requests.deleteEventRequest(offers);
            }
            // Held or not, bob speaks now and waits for his own message: it has been broadcast.
            bob.send("after the error");
            String line;
            do {
                line = bob.readLine(REPLY);
            } while (line != null && !line.equals("MSG bob after the error"));
            assertThat(line).as("bob should get his own message back").isEqualTo("MSG bob after the error");
            if (held != null) {
                held.resume();
                held = null;
            }
            List<String> got = new ArrayList<>();
            while ((line = vic.readLine(REPLY)) != null) {
                got.add(line);
            }
            assertThat(got).as("the lines vic received after its line too long").isNotEmpty();
            assertThat(got.get(got.size() - 1)).as("vic sent a line too long; its thread was held just after it queued"
                    + " ERROR LINE_TOO_LONG (as the operating system may pause it there) while bob spoke. The lines vic"
                    + " received then were " + got + ": the ERROR must be the last line, yet bob's message came after"
                    + " it, because vic was still in the chat. Remove the client from the chat (leave) BEFORE queuing"
                    + " its ERROR line, so no broadcast can reach it afterwards (PROTOCOL.md, LINE_TOO_LONG)")
                    .startsWith("ERROR LINE_TOO_LONG");
        } finally {
            if (held != null) {
                held.resume();
            }
        }
    }

    /**
     * The thread stopped as it returns from offer("ERROR LINE_TOO_LONG ..."), or null if no such
     * call comes within the bound (the ERROR may be queued another way); other calls are let go.
     */
    private ThreadReference awaitErrorQueued() throws IncompatibleThreadStateException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (true) {
            Event event = jvm.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                return null;
            }
            LocatableEvent call = (LocatableEvent) event;
            if (call instanceof MethodExitEvent && call.location().method().name().equals("offer")
                    && firstArgument(call).startsWith("ERROR LINE_TOO_LONG")) {
                return call.thread();
            }
            call.thread().resume();
        }
    }

    private static String firstArgument(LocatableEvent call) throws IncompatibleThreadStateException {
        List<Value> arguments = call.thread().frame(0).getArgumentValues();
        return !arguments.isEmpty() && arguments.get(0) instanceof StringReference text ? text.value() : "";
    }
}

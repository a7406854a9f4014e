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
import com.sun.jdi.event.MethodEntryEvent;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodEntryRequest;
import com.sun.jdi.request.MethodExitRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of {@link ChatServerRacesHiddenTest}, each run in a JVM of its own by
 * {@link ChildScenario}: the server runs in a third JVM under the debugger, which stops a thread
 * of the student's code at a call every correct server makes (right after
 * {@link ClientHandler#offer}, public and named by the handout, or as it enters the given
 * {@link ClientConnection#write}, or as the given {@link ClientConnection#readLine} returns a
 * client's line) while the test's clients go on talking.
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
                    case "errorAfterTheQueuedLines" -> races.errorAfterTheQueuedLines();
                    case "noMessageAfterTheDrop" -> races.noMessageAfterTheDrop();
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
     * PROTOCOL.md: ERROR LINE_TOO_LONG is the last line the client gets, after the lines already
     * queued for it. vic's writer thread is held as it begins to send WELCOME vic (with
     * {@link ClientConnection#write}, given: the one way to the socket), as the operating system
     * may pause it there; bob's messages then wait in vic's queue, and vic sends a line too long.
     * A server that queues the ERROR sends nothing to vic while its writer is held, and the ERROR
     * last once it is let go; a server whose reading thread writes the ERROR itself sends it at
     * once, before the queued lines, every time.
     */
    void errorAfterTheQueuedLines() throws Exception {
        jvm.send("serve");
        EventRequestManager requests = jvm.vm().eventRequestManager();
        EventSorter events = new EventSorter(jvm);
        ThreadReference held = null;
        try (LineConnection bob = LineConnection.open(port); LineConnection vic = LineConnection.open(port)) {
            bob.send("bob");
            assertThat(bob.readLine(REPLY)).isEqualTo("WELCOME bob");
            MethodEntryRequest writes = requests.createMethodEntryRequest();
            writes.addClassFilter("chatlab.ClientConnection");
            writes.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            events.hold(call -> isWriteOf(call, "WELCOME vic"));
            writes.enable();
            vic.send("vic");
            held = events.awaitHeld(EVENT_WAIT);
            assertThat(held).as("the server should send WELCOME vic (ClientConnection.write) within "
                    + EVENT_WAIT.toSeconds() + " s of vic's name").isNotNull();
            events.letEverythingGo();
            assertThat(bob.readLine(REPLY)).isEqualTo("JOINED vic");
            List<String> queued = List.of("one", "two", "three");
            for (String message : queued) {
                bob.send(message);
                assertThat(bob.readLine(REPLY)).isEqualTo("MSG bob " + message); // broadcast: queued for vic too
            }
            MethodExitRequest offers = requests.createMethodExitRequest();
            offers.addClassFilter("chatlab.ClientHandler");
            offers.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            events.signal(call -> isWriteOf(call, "ERROR LINE_TOO_LONG") || isOfferOf(call, "ERROR LINE_TOO_LONG"));
            offers.enable();
            vic.send("v".repeat(Protocol.MAX_LINE_BYTES + 1000));
            // Whether the ERROR is queued (offer) or written at once: either ends the wait. A server
            // that queues it another way is let go after the bound and checked as it is.
            LocatableEvent error = events.awaitSignal(EVENT_WAIT);
            List<String> got = new ArrayList<>();
            if (error != null && error.location().method().name().equals("write")) {
                got.add(vic.readLine(REPLY)); // written past the held writer: it arrives now
            }
            requests.deleteEventRequest(writes);
            requests.deleteEventRequest(offers);
            events.letEverythingGo();
            held.resume();
            held = null;
            String line;
            while ((line = vic.readLine(REPLY)) != null) {
                got.add(line);
            }
            assertThat(got).as("the lines vic received after its line too long").isNotEmpty();
            boolean errorLast = got.get(got.size() - 1).startsWith("ERROR LINE_TOO_LONG");
            assertThat(errorLast).as("vic's writer thread was held (as the operating system may do) while lines were"
                    + " queued for vic; vic then sent a line too long and received " + got + ": the ERROR must come last."
                    + " One that comes first was written by another thread: queue it (offer), so only the writer thread"
                    + " writes to the socket").isTrue();
        } finally {
            events.letEverythingGo();
            if (held != null) {
                held.resume();
            }
        }
    }

    /**
     * The handout (step 3): a message goes to {@code server.broadcastFrom(this, line)}, which
     * broadcasts it unless the sender was dropped meanwhile. slow's writer thread is held as it
     * begins to send WELCOME slow (so slow's queue fills), and slow's reading thread as
     * {@link ClientConnection#readLine} returns slow's message "last words" (as the operating system
     * may pause it there). bob then sends 1100 messages: slow's queue overflows and slow is dropped.
     * Then slow's reading thread goes on with the line it had read, until its run() returns. A server
     * that checks that the sender is still in the chat sends bob nothing from slow after its LEFT;
     * one that broadcasts the line anyway sends bob "MSG slow last words" after "LEFT slow dropped",
     * every time. A server whose reading thread does not end is checked after the bound.
     */
    void noMessageAfterTheDrop() throws Exception {
        jvm.send("serve");
        EventRequestManager requests = jvm.vm().eventRequestManager();
        EventSorter events = new EventSorter(jvm);
        ThreadReference writer = null;
        ThreadReference reader = null;
        try (LineConnection bob = LineConnection.open(port); LineConnection slow = LineConnection.open(port)) {
            bob.send("bob");
            assertThat(bob.readLine(REPLY)).isEqualTo("WELCOME bob");
            MethodEntryRequest writes = requests.createMethodEntryRequest();
            writes.addClassFilter("chatlab.ClientConnection");
            writes.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            events.hold(call -> isWriteOf(call, "WELCOME slow"));
            writes.enable();
            slow.send("slow");
            writer = events.awaitHeld(EVENT_WAIT);
            requests.deleteEventRequest(writes);
            events.letEverythingGo();
            assertThat(writer).as("the server should send WELCOME slow (ClientConnection.write) within "
                    + EVENT_WAIT.toSeconds() + " s of slow's name").isNotNull();
            // The thread that reads slow's lines (it runs the given ClientHandler.run()) cannot be held apart from
            // the one that writes to slow: say so now, rather than wait in vain for it to read slow's message.
            assertThat(runsClientHandler(writer)).as("WELCOME slow was written to slow's socket by the thread that reads"
                    + " slow's lines: every line to a client goes through its queue (offer), and only its writer thread"
                    + " writes to the socket (step 1)").isFalse();
            assertThat(bob.readLine(REPLY)).isEqualTo("JOINED slow");
            MethodExitRequest reads = requests.createMethodExitRequest();
            reads.addClassFilter("chatlab.ClientConnection");
            reads.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            events.hold(call -> isReadOf(call, "last words"));
            reads.enable();
            slow.send("last words");
            reader = events.awaitHeld(EVENT_WAIT);
            requests.deleteEventRequest(reads);
            events.letEverythingGo();
            assertThat(reader).as("the server should read slow's message (ClientConnection.readLine) within "
                    + EVENT_WAIT.toSeconds() + " s").isNotNull();
            int count = Protocol.MAX_QUEUED_LINES + 100;
            StringBuilder flood = new StringBuilder();
            for (int i = 1; i <= count; i++) {
                flood.append('m').append(i).append('\n');
            }
            bob.sendRaw(flood.toString().getBytes(StandardCharsets.UTF_8));
            List<String> beforeTheEnd = readUntil(bob, "MSG bob m" + count);
            assertThat(beforeTheEnd).as("slow read nothing while bob sent " + count + " messages: slow should be dropped"
                    + " (LEFT slow dropped)").contains("LEFT slow dropped");
            // slow's reading thread goes on with the line it had read, until its run() returns.
            MethodExitRequest runs = requests.createMethodExitRequest();
            runs.addClassFilter("chatlab.ClientHandler");
            runs.addThreadFilter(reader);
            runs.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            events.signal(call -> call instanceof MethodExitEvent && call.location().method().name().equals("run"));
            runs.enable();
            reader.resume();
            reader = null;
            writer.resume();
            writer = null;
            events.awaitSignal(REPLY); // null: the thread did not end; checked as it is
            requests.deleteEventRequest(runs);
            events.letEverythingGo();
            bob.send("end");
            List<String> after = readUntil(bob, "MSG bob end");
            assertThat(after.stream().noneMatch(line -> line.startsWith("MSG slow ")))
                    .as("slow was dropped (LEFT slow dropped) while its thread held a line it had read (\"last words\");"
                            + " bob then received " + after + ": a dropped client's lines must not reach the others after its"
                            + " LEFT. Send messages with server.broadcastFrom(this, line) (step 3), which checks that the"
                            + " sender is still in the chat").isTrue();
        } finally {
            events.letEverythingGo();
            if (reader != null) {
                reader.resume();
            }
            if (writer != null) {
                writer.resume();
            }
        }
    }

    /** The lines a client receives up to and with {@code last}; fails if the connection ends or falls silent first. */
    private static List<String> readUntil(LineConnection client, String last) {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = client.readLine(REPLY);
            assertThat(line).as("the connection ended before \"" + last + "\" came").isNotNull();
            lines.add(line);
        } while (!line.equals(last));
        return lines;
    }

    /** Whether the (suspended) thread is inside ClientHandler.run(): the thread that reads its client's lines. */
    private static boolean runsClientHandler(ThreadReference thread) throws IncompatibleThreadStateException {
        return thread.frames().stream().anyMatch(frame -> frame.location().method().name().equals("run")
                && frame.location().declaringType().name().equals("chatlab.ClientHandler"));
    }

    private static boolean isReadOf(LocatableEvent call, String text) {
        return call instanceof MethodExitEvent exit && call.location().method().name().equals("readLine")
                && exit.returnValue() instanceof StringReference line && line.value().equals(text);
    }

    private static boolean isWriteOf(LocatableEvent call, String start) {
        return call instanceof MethodEntryEvent && call.location().method().name().equals("write")
                && argument(call).startsWith(start);
    }

    private static boolean isOfferOf(LocatableEvent call, String start) {
        return call instanceof MethodExitEvent && call.location().method().name().equals("offer")
                && argument(call).startsWith(start);
    }

    private static String argument(LocatableEvent call) {
        try {
            return firstArgument(call);
        } catch (IncompatibleThreadStateException notSuspended) {
            return "";
        }
    }

    /**
     * Takes every event of the debugged JVM on a thread of its own and lets its thread go on, except
     * the first that the scenario said to {@link #hold}: that one stays stopped until the scenario
     * resumes it. An event the scenario waits for as a {@link #signal} is let go and handed over.
     * (Events of a request just deleted may still be on their way: they are let go too.)
     */
    private static final class EventSorter {

        private final BlockingQueue<LocatableEvent> handedOver = new LinkedBlockingQueue<>();
        private volatile Predicate<LocatableEvent> toHold = call -> false;
        private volatile Predicate<LocatableEvent> toSignal = call -> false;

        EventSorter(DebuggedJvm jvm) {
            Thread sorter = new Thread(() -> {
                while (true) {
                    Event event = jvm.nextEvent(Duration.ofSeconds(1));
                    if (event instanceof LocatableEvent call) {
                        sort(call);
                    }
                }
            }, "event sorter");
            sorter.setDaemon(true);
            sorter.start();
        }

        private void sort(LocatableEvent call) {
            try {
                if (toHold.test(call)) {
                    toHold = other -> false; // only the first
                    handedOver.add(call);
                    return;
                }
                if (toSignal.test(call)) {
                    handedOver.add(call);
                }
                call.thread().resume();
            } catch (com.sun.jdi.VMDisconnectedException gone) {
                // the server's JVM ended
            }
        }

        void hold(Predicate<LocatableEvent> which) {
            handedOver.clear();
            toHold = which;
        }

        void signal(Predicate<LocatableEvent> which) {
            handedOver.clear();
            toSignal = which;
        }

        void letEverythingGo() {
            toHold = call -> false;
            toSignal = call -> false;
        }

        /** The thread held, or null if no call to hold came within {@code wait}. */
        ThreadReference awaitHeld(Duration wait) throws InterruptedException {
            LocatableEvent call = handedOver.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return call == null ? null : call.thread();
        }

        /** The call signalled, or null if none came within {@code wait}. */
        LocatableEvent awaitSignal(Duration wait) throws InterruptedException {
            return handedOver.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
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

package chatlab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One load run, on one thread: a {@link Selector} watches every client's socket, and the same
 * loop sends each sender's messages when they are due. Phases: connect and join, let the join
 * notices settle, send (warm-up, then measured), wait for the last deliveries, report.
 *
 * <p>A message's text is {@code LT <due> <sender> <seq> <padding>}, where {@code due} is the
 * {@link System#nanoTime()} at which it was meant to leave. Its latency is measured from that
 * moment, not from when this loop got round to sending it: a tool that falls behind must not hide
 * the delay it causes ("coordinated omission").
 */
final class LoadRun {

    private static final byte[] MSG = "MSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "WELCOME ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REFUSED = "REFUSED ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARK = "LT ".getBytes(StandardCharsets.US_ASCII);
    /** IRC (--protocol irc): a message is {@code :nick!user@host PRIVMSG #chat :text}. */
    private static final byte[] IRC_MESSAGE = " PRIVMSG #chat :LT ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IRC_PING = "PING ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IRC_ERROR = "ERROR ".getBytes(StandardCharsets.US_ASCII);
    /** At most this many connections are being opened at once: a server's accept backlog is small. */
    private static final int CONNECTS_IN_FLIGHT = 32;
    /** The join notices have settled once nothing arrived for this long. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long SETTLE_MAX_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** After the last message: how long to wait for deliveries still on their way. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final LoadSettings settings;
    private final PrintStream out;
    private final LoadReport report = new LoadReport();
    private final List<SimClient> clients = new ArrayList<>();
    private final Selector selector;
    /** Names of this run start with it, so that a second run never collides with the first one's names. */
    private final String runTag = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    private final String padding;

    private long lastReceive;
    private long measureStart = Long.MAX_VALUE;
    private long measureEnd = Long.MAX_VALUE;
    private String refusal;
    private String connectError;

    LoadRun(LoadSettings settings, PrintStream out) throws IOException {
        this.settings = settings;
        this.out = out;
        this.selector = Selector.open();
        this.padding = "x".repeat(Math.max(0, settings.size() - "LT 123456789012345 1234 1234567 ".length()));
        report.clientsWanted = settings.clients();
    }

    LoadReport run() throws IOException {
        try {
            report.serverRssBeforeKb = serverRssKb();
            connectAndJoin();
            report.clientsConnected = (int) clients.stream().filter(c -> c.welcomed && !c.stuck).count();
            report.stuckClients = (int) clients.stream().filter(c -> c.welcomed && c.stuck).count();
            out.printf("%d of %d clients in the chat; waiting for the join notices to settle%n",
                    report.clientsConnected, settings.clients());
            if (refusal != null) {
                out.println("the server refused a client: " + refusal);
            }
            if (connectError != null) {
                out.println("a connection failed: " + connectError);
            }
            settle();
            report.serverRssAfterKb = serverRssKb();
            send();
            countDroppedStuckClients();
            return report;
        } finally {
            clients.forEach(SimClient::close);
            selector.close();
        }
    }

    // ------------------------------------------------------------------ phases

    private void connectAndJoin() throws IOException {
        long start = System.nanoTime();
        long deadline = start + settings.joinTimeout().toNanos();
        int opened = 0;
        int total = settings.clients() + settings.stuck();
        while (System.nanoTime() < deadline && refusal == null) {
            long pending = clients.stream().filter(c -> !c.welcomed && !c.closed).count();
            if (opened == total && pending == 0) {
                return;
            }
            while (opened < total && pending < CONNECTS_IN_FLIGHT && (settings.joinRate() == 0
                    || opened < (System.nanoTime() - start) / 1e9 * settings.joinRate() + 1)) {
                open(opened++);
                pending++;
            }
            pump(TimeUnit.MILLISECONDS.toNanos(50));
        }
        long missing = total - clients.stream().filter(c -> c.welcomed).count();
        if (missing > 0) {
            out.printf("%d clients were not welcomed within %d s: going on without them%n", missing,
                    settings.joinTimeout().toSeconds());
        }
    }

    private void open(int index) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // our lines must leave at once, too
        SimClient client = new SimClient(index, "lt" + runTag + "_" + index, channel);
        client.stuck = index >= settings.clients(); // the last ones joined are the stuck ones
        if (client.stuck) {
            // A small window, as a client that stopped reading long ago: the system's buffers fill sooner.
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        }
        clients.add(client);
        client.key = channel.register(selector, SelectionKey.OP_CONNECT, client);
        if (channel.connect(settings.server())) {
            connected(client);
        }
    }

    private void connected(SimClient client) throws IOException {
        client.connected = true;
        client.key.interestOps(SelectionKey.OP_READ);
        if (settings.irc()) {
            client.send(SimClient.line("NICK " + client.name + "\r\nUSER " + client.name + " 0 * :" + client.name + "\r"));
        } else {
            client.send(SimClient.line(client.name));
        }
    }

    /** Waits until nothing has arrived for a moment: the JOINED notices of the join phase are through. */
    private void settle() throws IOException {
        long start = System.nanoTime();
        lastReceive = start;
        while (System.nanoTime() - lastReceive < QUIET_NANOS && System.nanoTime() - start < SETTLE_MAX_NANOS) {
            pump(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void send() throws IOException {
        List<SimClient> senders = clients.stream().filter(c -> c.welcomed && !c.closed && !c.stuck)
                .limit(settings.senders()).toList();
        int receivers = settings.receiversPerMessage(report.clientsConnected);
        if (senders.isEmpty()) {
            out.println("no client is in the chat: nothing to measure");
            report.measuredSeconds = 1;
            return;
        }
        long period = Math.round(1e9 / settings.rate());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        measureStart = start + settings.warmup().toNanos();
        measureEnd = measureStart + settings.duration().toNanos();
        long[] due = new long[senders.size()];
        long[] seq = new long[senders.size()];
        for (int s = 0; s < due.length; s++) {
            due[s] = start + period * s / due.length; // spread out, not all at the same instant
        }
        report.offeredPerSecond = senders.size() * settings.rate() * receivers;
        report.senders(senders.size());
        out.printf("sending: %d senders x %.1f msg/s for %d s warm-up + %d s measured, %d receivers per message%n",
                senders.size(), settings.rate(), settings.warmup().toSeconds(), settings.duration().toSeconds(),
                receivers);

        long now;
        long cpuAtStart = -1;
        while ((now = System.nanoTime()) < measureEnd) {
            if (cpuAtStart < 0 && now >= measureStart) {
                cpuAtStart = serverCpuTicks();
            }
            long next = Long.MAX_VALUE;
            for (int s = 0; s < due.length; s++) {
                while (due[s] <= now) { // catch up if the loop fell behind; each message keeps its own due time
                    sendMessage(senders.get(s), due[s], s, seq[s]++, receivers);
                    due[s] += period;
                }
                next = Math.min(next, due[s]);
            }
            pump(Math.max(0, Math.min(next, measureEnd) - System.nanoTime()));
        }
        long cpuAtEnd = serverCpuTicks();
        if (cpuAtStart >= 0 && cpuAtEnd >= 0) {
            report.serverCpuPercent = (cpuAtEnd - cpuAtStart) * 100.0 / TICKS_PER_SECOND
                    / (settings.duration().toNanos() / 1e9);
        }
        report.serverRssEndKb = Math.max(report.serverRssEndKb, serverRssKb());
        // The last deliveries are on their way. A client the server closed never gets its share:
        // stop when all arrived, or when nothing more arrives.
        long drainEnd = System.nanoTime() + DRAIN_NANOS;
        lastReceive = System.nanoTime();
        while (report.deliveriesReceived < report.deliveriesExpected && System.nanoTime() < drainEnd
                && System.nanoTime() - lastReceive < DRAIN_QUIET_NANOS) {
            pump(TimeUnit.MILLISECONDS.toNanos(50));
        }
        report.measuredSeconds = settings.duration().toNanos() / 1e9;
    }

    private void sendMessage(SimClient sender, long due, int senderIndex, long seq, int receivers) throws IOException {
        if (sender.closed) {
            return;
        }
        String text = "LT " + due + " " + senderIndex + " " + seq + " " + padding;
        byte[] line = SimClient.line(settings.irc() ? "PRIVMSG #chat :" + text + "\r" : text);
        if (sender.send(line)) {
            report.messagesSent++;
            report.deliveriesExpected += receivers;
        } else {
            report.messagesNotSent++;
        }
    }

    // ------------------------------------------------------------------ the event loop

    /** Handles every socket that is ready, waiting at most this long for one. */
    private void pump(long waitNanos) throws IOException {
        long millis = TimeUnit.NANOSECONDS.toMillis(waitNanos);
        if (millis == 0) {
            selector.selectNow();
        } else {
            selector.select(millis);
        }
        for (SelectionKey key : selector.selectedKeys()) {
            SimClient client = (SimClient) key.attachment();
            try {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isConnectable()) {
                    if (client.channel.finishConnect()) {
                        connected(client);
                    }
                    continue;
                }
                if (key.isWritable()) {
                    client.flush();
                }
                if (key.isReadable() && !client.read(this::onLine)) {
                    closedByServer(client);
                }
            } catch (IOException broken) {
                if (!client.connected && connectError == null) {
                    connectError = broken.toString();
                }
                closedByServer(client);
            }
        }
        selector.selectedKeys().clear();
    }

    /** Reads what waits for the stuck clients: a server that dropped one has closed its connection. */
    private void countDroppedStuckClients() throws IOException {
        List<SimClient> stuck = clients.stream().filter(c -> c.stuck && !c.closed).toList();
        for (SimClient client : stuck) {
            client.key.interestOps(SelectionKey.OP_READ); // its lines are not counted: only its end is
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < end && stuck.stream().anyMatch(c -> !c.closed)) {
            pump(TimeUnit.MILLISECONDS.toNanos(50));
        }
        report.stuckClientsDropped = (int) stuck.stream().filter(c -> c.closed).count();
    }

    private void closedByServer(SimClient client) {
        if (client.closed) {
            return;
        }
        if (client.stuck && client.welcomed) {
            client.close(); // counted in countDroppedStuckClients()
            return;
        }
        if (client.welcomed) {
            report.clientsClosedByServer++;
        }
        client.close();
    }

    private void onLine(SimClient client, byte[] bytes, int start, int end) {
        long now = System.nanoTime();
        lastReceive = now;
        if (client.stuck && client.welcomed) {
            return; // only read at the end, to see whether the server closed it
        }
        if (settings.irc()) {
            onIrcLine(client, bytes, start, end, now);
            return;
        }
        if (startsWith(bytes, start, end, MSG)) {
            int nameEnd = indexOf(bytes, start + MSG.length, end, (byte) ' ');
            if (nameEnd > 0 && startsWith(bytes, nameEnd + 1, end, MARK)) {
                delivered(now, bytes, nameEnd + 1 + MARK.length, end);
            }
        } else if (!client.welcomed && startsWith(bytes, start, end, WELCOME)) {
            client.welcomed = true;
            if (client.stuck) {
                client.key.interestOps(0); // from now on it reads nothing
            }
        } else if (!client.welcomed && startsWith(bytes, start, end, REFUSED)) {
            refusal = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }
    }

    /** The same for an IRC server: welcomed once it confirms our JOIN of #chat. */
    private void onIrcLine(SimClient client, byte[] bytes, int start, int end, long now) {
        if (end > start && bytes[end - 1] == '\r') {
            end--;
        }
        int message = indexOf(bytes, start, end, IRC_MESSAGE);
        if (message >= 0) {
            delivered(now, bytes, message + IRC_MESSAGE.length, end);
            return;
        }
        String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        try {
            if (startsWith(bytes, start, end, IRC_PING)) {
                client.send(SimClient.line("PONG " + line.substring(IRC_PING.length) + "\r"));
            } else if (!client.welcomed) {
                String[] words = line.split(" ");
                if (words.length > 1 && words[1].equals("001")) { // registered: now into the channel
                    client.send(SimClient.line("JOIN #chat\r"));
                } else if (words.length > 2 && words[0].startsWith(":" + client.name + "!") && words[1].equals("JOIN")) {
                    client.welcomed = true;
                    if (client.stuck) {
                        client.key.interestOps(0); // from now on it reads nothing
                    }
                } else if (startsWith(bytes, start, end, IRC_ERROR)
                        || (words.length > 1 && words[1].matches("4\\d\\d"))) {
                    refusal = line;
                }
            }
        } catch (IOException broken) {
            closedByServer(client);
        }
    }

    private static int indexOf(byte[] bytes, int start, int end, byte[] wanted) {
        for (int i = start; i + wanted.length <= end; i++) {
            if (startsWith(bytes, i, end, wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** A message arrived; its text from {@code start} is {@code <due> <sender> <seq> <padding>}. */
    private void delivered(long now, byte[] bytes, int start, int end) {
        long due = parseLong(bytes, start, end);
        report.deliveriesReceived++;
        if (now >= measureStart && now < measureEnd) {
            report.deliveriesMeasured++;
        }
        if (due >= measureStart) {
            long micros = Math.max(0, (now - due) / 1000);
            report.latencyMicros.recordValue(Math.min(micros, report.latencyMicros.getHighestTrackableValue()));
            int senderStart = indexOf(bytes, start, end, (byte) ' ') + 1;
            report.senderLatency(senderStart > 0 ? (int) parseLong(bytes, senderStart, end) : -1, micros);
        }
    }

    // ------------------------------------------------------------------ bytes

    private static boolean startsWith(byte[] bytes, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int start, int end, byte wanted) {
        for (int i = start; i < end; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static long parseLong(byte[] bytes, int start, int end) {
        long value = 0;
        boolean negative = start < end && bytes[start] == '-';
        for (int i = negative ? start + 1 : start; i < end && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return negative ? -value : value;
    }

    // ------------------------------------------------------------------ the server's memory

    /** Linux counts CPU time in ticks of 1/100 s ({@code getconf CLK_TCK}). */
    private static final double TICKS_PER_SECOND = 100;

    /** The server's CPU time so far (user + system), in ticks (Linux only); -1 when unknown. */
    private long serverCpuTicks() {
        if (settings.serverPid() <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(settings.serverPid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after "pid (name) "
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /** The server's resident memory in KB (Linux only); -1 when unknown. */
    private long serverRssKb() {
        if (settings.serverPid() <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(settings.serverPid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException unknown) {
            out.println("cannot read the memory of process " + settings.serverPid() + ": " + unknown);
        }
        return -1;
    }
}

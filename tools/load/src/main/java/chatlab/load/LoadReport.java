package chatlab.load;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.IntStream;

/** What a load run measured, and how it is printed. */
final class LoadReport {

    int clientsWanted;
    int clientsConnected;
    int clientsClosedByServer;
    int stuckClients;
    int stuckClientsDropped;
    long messagesSent;
    long messagesNotSent;
    long deliveriesExpected;
    long deliveriesReceived;
    /** Deliveries received while the measurement ran, and how long it ran. */
    long deliveriesMeasured;
    double measuredSeconds;
    double offeredPerSecond;
    /** Delivery latencies in microseconds, measured messages only. */
    final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    /**
     * The latencies of each sender's measured messages, summed (µs), and how many: a server that
     * serves some senders late shows a long tail that a median hides, and these say whose it is.
     */
    private long[] senderLatencySum = new long[0];
    private long[] senderLatencyCount = new long[0];
    long serverRssBeforeKb = -1;
    long serverRssAfterKb = -1;
    /** The server's CPU time while measuring, in % of one core; -1 when unknown. */
    double serverCpuPercent = -1;
    /** The server's resident memory when the measurement ended (KB); -1 when unknown. */
    long serverRssEndKb = -1;

    void senders(int count) {
        senderLatencySum = new long[count];
        senderLatencyCount = new long[count];
    }

    void senderLatency(int sender, long micros) {
        if (sender >= 0 && sender < senderLatencySum.length) {
            senderLatencySum[sender] += micros;
            senderLatencyCount[sender]++;
        }
    }

    long lost() {
        return deliveriesExpected - deliveriesReceived;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "clients connected   %,d of %,d%s%n", clientsConnected, clientsWanted,
                clientsClosedByServer > 0 ? " (" + clientsClosedByServer + " closed by the server during the run)" : "");
        if (stuckClients > 0) {
            out.printf(Locale.ROOT, "stuck clients       %d never read; the server closed %d of them%n", stuckClients,
                    stuckClientsDropped);
        }
        out.printf(Locale.ROOT, "messages sent       %,d%s%n", messagesSent,
                messagesNotSent > 0 ? " (" + messagesNotSent + " not sent: the server did not read them)" : "");
        out.printf(Locale.ROOT, "deliveries expected %,d%n", deliveriesExpected);
        out.printf(Locale.ROOT, "deliveries received %,d   lost %,d (%.3f %%)%n", deliveriesReceived, lost(),
                deliveriesExpected == 0 ? 0.0 : 100.0 * lost() / deliveriesExpected);
        out.printf(Locale.ROOT, "deliveries/s        %,.0f  (offered %,.0f)%n", deliveriesMeasured / measuredSeconds,
                offeredPerSecond);
        if (latencyMicros.getTotalCount() > 0) {
            out.printf(Locale.ROOT, "latency ms          p50 %.2f   p99 %.2f   p99.9 %.2f   max %.2f   (%,d samples)%n",
                    millis(latencyMicros.getValueAtPercentile(50)), millis(latencyMicros.getValueAtPercentile(99)),
                    millis(latencyMicros.getValueAtPercentile(99.9)), millis(latencyMicros.getMaxValue()),
                    latencyMicros.getTotalCount());
        } else {
            out.println("latency ms          no message arrived while measuring");
        }
        printLatencyBySender(out);
        if (serverRssBeforeKb >= 0 && serverRssAfterKb >= 0 && clientsConnected > 0) {
            out.printf(Locale.ROOT, "server memory       %,d KB before, %,d KB with the clients: %,.1f KB per client%n",
                    serverRssBeforeKb, serverRssAfterKb,
                    (serverRssAfterKb - serverRssBeforeKb) / (double) clientsConnected);
        }
        if (serverCpuPercent >= 0) {
            out.printf(Locale.ROOT, "server cpu          %.0f %% of a core while measuring; memory %,d KB at its end%n",
                    serverCpuPercent, serverRssEndKb);
        }
    }

    /** The mean latency of the best served sender, of the median one, and of the worst one. */
    private void printLatencyBySender(PrintStream out) {
        double[] means = IntStream.range(0, senderLatencySum.length).filter(s -> senderLatencyCount[s] > 0)
                .mapToDouble(s -> millis(senderLatencySum[s] / senderLatencyCount[s])).sorted().toArray();
        if (means.length > 1) {
            out.printf(Locale.ROOT, "by sender, mean ms  best %.2f   median %.2f   worst %.2f   (%d senders)%n",
                    means[0], means[means.length / 2], means[means.length - 1], means.length);
        }
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}

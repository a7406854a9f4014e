package chatlab;

/**
 * One client's allowance under a {@link FloodLimit}: two token buckets, for lines and for bytes.
 * Each bucket fills at its rate up to its burst; a line takes one line token and its bytes. Used by
 * the client's reading thread only.
 */
final class FloodControl {

    /** What to do with a line. */
    enum Verdict { SEND, REFUSE }

    private final FloodLimit limit;
    private double lines;
    private double bytes;
    private long updated = System.nanoTime();
    /** Since when every line had to wait ({@link System#nanoTime()}); valid while {@link #flooding}. */
    private long floodingSince;
    private boolean flooding;

    FloodControl(FloodLimit limit) {
        this.limit = limit;
        this.lines = limit.burstLines();
        this.bytes = limit.burstBytes();
    }

    /**
     * Takes the allowance for a line of this many bytes, waiting (this thread only) until there is
     * enough, unless the client has been over its allowance for longer than the limit's delay.
     */
    Verdict admit(int lineBytes) throws InterruptedException {
        if (!limit.limited()) {
            return Verdict.SEND;
        }
        refill();
        double waitSeconds = Math.max((1 - lines) / limit.linesPerSecond(),
                (lineBytes - bytes) / limit.bytesPerSecond());
        if (waitSeconds <= 0) {
            flooding = false;
        } else {
            long now = System.nanoTime();
            if (!flooding) {
                flooding = true;
                floodingSince = now;
            }
            if (now - floodingSince > limit.maxDelay().toNanos()) {
                return Verdict.REFUSE; // takes no allowance: the client gets its words back as it slows down
            }
            Thread.sleep((long) Math.ceil(waitSeconds * 1000));
            refill();
        }
        lines -= 1;
        bytes -= lineBytes;
        return Verdict.SEND;
    }

    private void refill() {
        long now = System.nanoTime();
        double seconds = (now - updated) / 1e9;
        updated = now;
        lines = Math.min(limit.burstLines(), lines + seconds * limit.linesPerSecond());
        bytes = Math.min(limit.burstBytes(), bytes + seconds * limit.bytesPerSecond());
    }
}

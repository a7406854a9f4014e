package chatlab;

import java.time.Duration;

/**
 * How fast one client may send (PROTOCOL.md §11): a "token bucket" on lines and one on bytes. A
 * client may send {@code burstLines} lines ({@code burstBytes} bytes) at once, then on average
 * {@code linesPerSecond} lines ({@code bytesPerSecond} bytes) a second. A line over that is held
 * back until the client is within its allowance again: the server reads nothing more from it
 * meanwhile, which slows it down. A client still over its allowance after {@code maxDelay} of
 * that gets {@code ERROR FLOOD} for each line over, which is not delivered.
 *
 * <p>Without it, one client pasting a file in a loop fills everyone's screen and the chat log.
 *
 * @param linesPerSecond 0 for no limit at all
 */
public record FloodLimit(int linesPerSecond, int burstLines, int bytesPerSecond, int burstBytes, Duration maxDelay) {

    /** A classroom's: 10 lines a second, 30 at once; 16 KB a second, 64 KB at once; refused after 10 s. */
    public static final FloodLimit DEFAULT = new FloodLimit(10, 30, 16 * 1024, 64 * 1024, Duration.ofSeconds(10));
    /** No limit (a benchmark of the server itself). */
    public static final FloodLimit NONE = new FloodLimit(0, 0, 0, 0, Duration.ZERO);

    public FloodLimit {
        if (linesPerSecond < 0 || (linesPerSecond > 0 && (burstLines < 1 || bytesPerSecond < 1
                || burstBytes < Protocol.MAX_LINE_BYTES + 1 || maxDelay.isNegative()))) {
            throw new IllegalArgumentException("a flood limit needs rates above 0, a burst of at least a line "
                    + "(and " + (Protocol.MAX_LINE_BYTES + 1) + " bytes), and a delay of 0 or more");
        }
    }

    /** Whether there is a limit. */
    public boolean limited() {
        return linesPerSecond > 0;
    }
}

package org.opensbc.sip.logging;

import java.util.function.LongSupplier;

/**
 * At most {@code lines} log lines per interval from one source of lines; the rest are counted.
 * For code that logs per message and cannot be changed (JAIN-SIP): a flood of bad messages must
 * not become a flood of log lines. Thread-safe; the lock is held for a few arithmetic operations.
 */
public final class LogThrottle {

    private final int lines;
    private final long intervalNanos;
    private final LongSupplier nanos;
    private long windowStart;
    private int written;
    private long pending;
    private long suppressedTotal;

    public LogThrottle(int lines, int intervalSeconds, LongSupplier nanos) {
        this.lines = lines;
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
        this.nanos = nanos;
        this.windowStart = nanos.getAsLong();
    }

    /**
     * Whether a line may be written now: -1 if not (it is counted), else how many lines were
     * held back since the last one written (to be reported with this one).
     */
    public synchronized long admit() {
        roll();
        if (written >= lines) {
            pending++;
            suppressedTotal++;
            return -1;
        }
        written++;
        long held = pending;
        pending = 0;
        return held;
    }

    /** Lines held back and not reported yet, once their interval is over (then reported as taken); else 0. */
    public synchronized long takeHeldBack() {
        roll();
        if (written > 0 || pending == 0) {
            return 0;
        }
        long held = pending;
        pending = 0;
        return held;
    }

    private void roll() {
        long now = nanos.getAsLong();
        if (now - windowStart >= intervalNanos) {
            windowStart = now;
            written = 0;
        }
    }

    /** Lines held back since start. */
    public synchronized long suppressedTotal() {
        return suppressedTotal;
    }

    public long intervalSeconds() {
        return intervalNanos / 1_000_000_000L;
    }
}

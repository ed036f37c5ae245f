package org.opensbc.core.acl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one go per source per interval: what a source banned for its rate may still get from
 * the gateway (one datagram read, one 503 answered a second). Enough for a client that went over
 * its rate by mistake to learn when to come back; too little for a flood to be amplified or
 * reflected. Bounded: past {@code maxSources} new sources get nothing until {@link #purge}.
 *
 * @param <K> the source's key (an InetAddress on the reader thread, text in the stack)
 */
public final class AnswerLimiter<K> {

    private final LongSupplier nanos;
    private final long intervalNanos;
    private final int maxSources;
    private final ConcurrentHashMap<K, AtomicLong> last = new ConcurrentHashMap<>();

    public AnswerLimiter(LongSupplier nanos, long intervalMillis, int maxSources) {
        this.nanos = nanos;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.maxSources = maxSources;
    }

    /** True for the first call per source in an interval, false for the others. */
    public boolean tryAcquire(K source) {
        long now = nanos.getAsLong();
        AtomicLong previous = last.get(source);
        if (previous == null) {
            if (last.size() >= maxSources) {
                return false;
            }
            AtomicLong mine = new AtomicLong(now);
            previous = last.putIfAbsent(source, mine);
            if (previous == null) {
                return true;
            }
        }
        long then = previous.get();
        return now - then >= intervalNanos && previous.compareAndSet(then, now);
    }

    /** Forgets sources whose interval is over (they would be let through anyway). */
    public void purge() {
        long now = nanos.getAsLong();
        last.values().removeIf(t -> now - t.get() >= intervalNanos);
    }

    int sources() {
        return last.size();
    }
}

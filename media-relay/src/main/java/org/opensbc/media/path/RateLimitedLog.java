package org.opensbc.media.path;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** At most one warning per interval from the packet path, however many packets misbehave. */
public final class RateLimitedLog {

    private static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final AtomicLong NEXT = new AtomicLong();

    private RateLimitedLog() {
    }

    public static void warn(Logger log, String format, Object argument) {
        long now = System.nanoTime();
        long next = NEXT.get();
        if (now - next >= 0 && NEXT.compareAndSet(next, now + INTERVAL_NANOS)) {
            log.warn(format, argument);
        }
    }
}

package org.opensbc.media.relay;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.opensbc.media.path.RateLimitedLog;

/**
 * Finds answered calls whose media stopped: once a second it compares each session's count of
 * received packets with the last look. The packet path only counts, as it does anyway: no clock
 * is read per packet.
 */
final class MediaTimeouts implements AutoCloseable {

    private final ScheduledExecutorService ticker;
    private final long timeoutNanos;
    private final LongSupplier clock;

    MediaTimeouts(Duration timeout, Collection<MediaSession> sessions, LongSupplier clock) {
        this.timeoutNanos = timeout.toNanos();
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "media-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(() -> sessions.forEach(this::check), 1, 1, TimeUnit.SECONDS);
    }

    void check(MediaSession session) {
        try {
            session.checkMediaTimeout(clock.getAsLong(), timeoutNanos);
        } catch (RuntimeException e) {
            // one session's listener failing must not stop the others' checks
            RateLimitedLog.warn(org.slf4j.LoggerFactory.getLogger(MediaTimeouts.class),
                    "media timeout handling failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}

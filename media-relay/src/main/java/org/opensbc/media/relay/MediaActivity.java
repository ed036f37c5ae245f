package org.opensbc.media.relay;

import java.util.function.LongSupplier;

/**
 * Whether an answered call's media stopped: the timeout thread looks once a second at how many
 * packets the call has received, and the call is quiet when that count has not moved for the
 * timeout. The packet path only counts, as it does anyway: no clock is read per packet.
 *
 * <p>Thread confinement: {@link #answered()} comes from signalling threads (volatile); the rest
 * runs on the timeout thread only.
 */
final class MediaActivity {

    private final Runnable onTimeout;
    private volatile boolean answered;
    /** Timeout-thread confined. */
    private long lastReceived = -1;
    private long quietSince;
    private boolean timedOut;

    /** @param onTimeout run once, on the timeout thread, when the media stops */
    MediaActivity(Runnable onTimeout) {
        this.onTimeout = onTimeout;
    }

    /** An answer was relayed: media is expected from now on. */
    void answered() {
        answered = true;
    }

    /**
     * One look, at time {@code now}: runs the listener once when {@code received} (packets so
     * far) has not changed for {@code timeoutNanos}.
     *
     * @param received read only when the call is answered and not yet timed out
     */
    void check(long now, long timeoutNanos, LongSupplier received) {
        if (!answered || timedOut) {
            return;
        }
        long count = received.getAsLong();
        if (count != lastReceived) {
            lastReceived = count;
            quietSince = now;
        } else if (now - quietSince >= timeoutNanos) {
            timedOut = true;
            onTimeout.run();
        }
    }
}

package org.opensbc.core.b2bua;

import java.util.concurrent.ScheduledFuture;

/**
 * The RFC 4028 session timer of one leg: who refreshes, how often, and the pending task (our
 * next refresh, or the deadline by which the peer's refresh must come). Guarded by the call.
 *
 * @see SessionTimers
 */
final class SessionTimer {

    /** Session-Expires of the leg, seconds. */
    private int seconds;
    /** True when the gateway sends the refreshes; false when it waits for the peer's. */
    private boolean gatewayRefreshes;
    /** The peer negotiated timers (sends/accepts Session-Expires); false: we refresh regardless. */
    final boolean negotiated;
    private ScheduledFuture<?> task;

    SessionTimer(int seconds, boolean gatewayRefreshes, boolean negotiated) {
        this.seconds = seconds;
        this.gatewayRefreshes = gatewayRefreshes;
        this.negotiated = negotiated;
    }

    int seconds() {
        return seconds;
    }

    boolean gatewayRefreshes() {
        return gatewayRefreshes;
    }

    /** A refresh changed the interval or who refreshes (only for a peer that negotiates timers). */
    void renegotiated(int newSeconds, boolean gatewaySendsRefreshes) {
        seconds = newSeconds;
        gatewayRefreshes = gatewaySendsRefreshes;
    }

    /** The one pending task from now on: our next refresh, or the peer's deadline. */
    void pending(ScheduledFuture<?> next) {
        cancel();
        task = next;
    }

    /** RFC 4028 section 10: a refresher refreshes at half the interval. */
    long refreshDelayMillis() {
        return seconds * 500L;
    }

    /** RFC 4028 section 10: without a refresh, the session ends min(32, SE/3) s before expiry. */
    long expiryDelayMillis() {
        return (seconds - Math.min(32, seconds / 3)) * 1000L;
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}

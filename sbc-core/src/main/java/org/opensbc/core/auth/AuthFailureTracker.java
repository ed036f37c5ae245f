package org.opensbc.core.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per source address and bans a source that reaches the limit
 * within the window, for the ban duration. A limit of 0 disables banning.
 */
public final class AuthFailureTracker {

    private record Window(long startMillis, int failures) { }

    private final Clock clock;
    private final int limit;
    private final long windowMillis;
    private final long banMillis;
    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    /** Banned sources and when their ban ends (epoch millis). */
    private final Map<String, Long> bans = new ConcurrentHashMap<>();
    /** The same bans by address, for the UDP reader (no text per datagram). */
    private final Map<InetAddress, Long> bannedAddresses = new ConcurrentHashMap<>();

    /** Set once at start, before the first request. */
    private volatile BanListener listener = BanListener.NONE;

    public AuthFailureTracker(Clock clock, int limit, Duration window, Duration ban) {
        this.clock = clock;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.banMillis = ban.toMillis();
    }

    /** Records one failure; returns true when this failure started a ban. */
    public boolean recordFailure(String source) {
        if (limit <= 0) {
            return false;
        }
        long now = clock.millis();
        Window w = failures.compute(source, (k, old) ->
                old == null || now - old.startMillis() > windowMillis
                        ? new Window(now, 1) : new Window(old.startMillis(), old.failures() + 1));
        if (w.failures() >= limit) {
            failures.remove(source);
            ban(source, now + banMillis);
            listener.banned(source, banMillis);
            return true;
        }
        return false;
    }

    private void ban(String source, long untilMillis) {
        bans.merge(source, untilMillis, Math::max);
        InetAddress address = org.opensbc.rules.match.Cidr.address(source);
        if (address != null) {
            bannedAddresses.merge(address, untilMillis, Math::max);
        }
    }

    /** Bans a source until then (a ban read back at start, or started by another node); the listener is not told. */
    public void restoreBan(String source, long untilMillis) {
        if (untilMillis > clock.millis()) {
            ban(source, untilMillis);
        }
    }

    public void setListener(BanListener listener) {
        this.listener = listener;
    }

    public void recordSuccess(String source) {
        failures.remove(source);
    }

    public boolean isBanned(String source) {
        if (bans.isEmpty()) {
            return false;
        }
        Long until = bans.get(source);
        if (until == null) {
            return false;
        }
        if (clock.millis() >= until) {
            bans.remove(source, until);
            return false;
        }
        return true;
    }

    public boolean isBanned(InetAddress source) {
        if (bannedAddresses.isEmpty()) {
            return false;
        }
        Long until = bannedAddresses.get(source);
        if (until == null) {
            return false;
        }
        if (clock.millis() >= until) {
            bannedAddresses.remove(source, until);
            return false;
        }
        return true;
    }

    public int activeBans() {
        long now = clock.millis();
        bans.values().removeIf(until -> until <= now);
        bannedAddresses.values().removeIf(until -> until <= now);
        return bans.size();
    }

    /** Drops stale failure windows; call periodically. */
    public void purge() {
        long now = clock.millis();
        failures.values().removeIf(w -> now - w.startMillis() > windowMillis);
        activeBans();
    }
}

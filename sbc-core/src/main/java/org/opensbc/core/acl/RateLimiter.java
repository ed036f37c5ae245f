package org.opensbc.core.acl;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.opensbc.rules.acl.AclPolicy;

/**
 * Requests per source address, as token buckets: each source may send {@code requestsPerSecond}
 * sustained and bursts up to {@code burst}. A source that has used more than half its burst is
 * over its rate (still let in, but after the others); one that runs its bucket dry is banned:
 * all it sends is dropped for {@code banSeconds}, while every other source goes on as before.
 * State is per address only, and idle entries are purged, so a spoofed-source flood costs
 * bounded memory. Keyed by {@link InetAddress} so that the UDP reader meters every datagram
 * without turning its address into text.
 */
public final class RateLimiter {

    public enum Rate {
        /** Within its rate. */
        WITHIN,
        /** Let in, but it has used more than half its burst: it sends faster than its rate. */
        OVER,
        /** Banned now (this request may be the one that started the ban). */
        BANNED
    }

    /** Purge beyond this many sources even if they are active (a flood of spoofed addresses). */
    private static final int MAX_SOURCES = 200_000;
    private static final long TOKEN = 1_000_000_000L;

    private final LongSupplier nanos;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Long> bannedUntil = new ConcurrentHashMap<>();

    /** Tokens (scaled by 1e9 to stay integral) and when they were last topped up. */
    private static final class Bucket {
        long tokens;
        long updated;

        Bucket(long tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    public RateLimiter(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** True when the source may send this request; false when it is (or now becomes) banned. */
    public boolean admit(String source, AclPolicy.RateLimit limit) {
        InetAddress address = org.opensbc.rules.match.Cidr.address(source);
        return address == null || meter(address, limit) != Rate.BANNED;
    }

    /** Takes one token of the source's bucket; a source that finds it empty is banned. */
    public Rate meter(InetAddress source, AclPolicy.RateLimit limit) {
        long now = nanos.getAsLong();
        if (banned(source, now)) {
            return Rate.BANNED;
        }
        if (limit.requestsPerSecond() <= 0) {
            return Rate.WITHIN;
        }
        long capacity = limit.burst() * TOKEN;
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            bucket = buckets.computeIfAbsent(source, s -> new Bucket(capacity, now));
        }
        synchronized (bucket) {
            long refill = (now - bucket.updated) * limit.requestsPerSecond();
            bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, refill));
            bucket.updated = now;
            if (bucket.tokens >= TOKEN) {
                bucket.tokens -= TOKEN;
                return bucket.tokens * 2 >= capacity ? Rate.WITHIN : Rate.OVER;
            }
        }
        bannedUntil.put(source, now + limit.banSeconds() * TOKEN);
        buckets.remove(source);
        return Rate.BANNED;
    }

    /** Banned now, without taking a token (for a request whose datagram was metered already). */
    public boolean isBanned(InetAddress source) {
        return banned(source, nanos.getAsLong());
    }

    private boolean banned(InetAddress source, long now) {
        if (bannedUntil.isEmpty()) {
            return false;
        }
        Long until = bannedUntil.get(source);
        if (until == null) {
            return false;
        }
        if (now - until < 0) {
            return true;
        }
        bannedUntil.remove(source, until);
        return false;
    }

    /** Whole seconds until the source's ban ends (at least 1), or 0 when it is not banned. */
    public int banSecondsLeft(InetAddress source) {
        Long until = bannedUntil.get(source);
        long left = until == null ? 0 : until - nanos.getAsLong();
        return left <= 0 ? 0 : (int) Math.max(1, (left + TOKEN - 1) / TOKEN);
    }

    public int bannedSources() {
        return bannedUntil.size();
    }

    /** Forgets expired bans and sources idle long enough to have a full bucket again. */
    public void purge(AclPolicy.RateLimit limit) {
        long now = nanos.getAsLong();
        bannedUntil.entrySet().removeIf(e -> now - e.getValue() >= 0);
        long refillNanos = limit.requestsPerSecond() <= 0 ? 0
                : limit.burst() * TOKEN / limit.requestsPerSecond();
        boolean crowded = buckets.size() > MAX_SOURCES;
        buckets.entrySet().removeIf(e -> crowded || now - e.getValue().updated > refillNanos);
    }
}

package org.opensbc.core.acl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.opensbc.rules.acl.AclPolicy;

/**
 * Requests per source address, as token buckets: each source may send {@code requestsPerSecond}
 * sustained and bursts up to {@code burst}. A source that runs its bucket dry is banned: all it
 * sends is dropped for {@code banSeconds}, while every other source goes on as before. State is
 * per address only, and idle entries are purged, so a spoofed-source flood costs bounded memory.
 */
public final class RateLimiter {

    /** Purge beyond this many sources even if they are active (a flood of spoofed addresses). */
    private static final int MAX_SOURCES = 200_000;

    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> bannedUntil = new ConcurrentHashMap<>();

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
        long now = nanos.getAsLong();
        Long until = bannedUntil.get(source);
        if (until != null) {
            if (now - until < 0) {
                return false;
            }
            bannedUntil.remove(source, until);
        }
        if (limit.requestsPerSecond() <= 0) {
            return true;
        }
        long capacity = limit.burst() * 1_000_000_000L;
        Bucket bucket = buckets.computeIfAbsent(source, s -> new Bucket(capacity, now));
        synchronized (bucket) {
            long refill = (now - bucket.updated) * limit.requestsPerSecond();
            bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, refill));
            bucket.updated = now;
            if (bucket.tokens >= 1_000_000_000L) {
                bucket.tokens -= 1_000_000_000L;
                return true;
            }
        }
        bannedUntil.put(source, now + limit.banSeconds() * 1_000_000_000L);
        buckets.remove(source);
        return false;
    }

    public int bannedSources() {
        return bannedUntil.size();
    }

    /** Forgets expired bans and sources idle long enough to have a full bucket again. */
    public void purge(AclPolicy.RateLimit limit) {
        long now = nanos.getAsLong();
        bannedUntil.entrySet().removeIf(e -> now - e.getValue() >= 0);
        long refillNanos = limit.requestsPerSecond() <= 0 ? 0
                : limit.burst() * 1_000_000_000L / limit.requestsPerSecond();
        boolean crowded = buckets.size() > MAX_SOURCES;
        buckets.entrySet().removeIf(e -> crowded || now - e.getValue().updated > refillNanos);
    }
}

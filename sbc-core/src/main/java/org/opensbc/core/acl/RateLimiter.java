package org.opensbc.core.acl;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.opensbc.rules.acl.AclPolicy;

/**
 * Requests per source address, as token buckets: each source may send {@code requestsPerSecond}
 * sustained and bursts up to {@code burst}. A source that has used more than half its burst is
 * over its rate (still let in, but after the others); one that runs its bucket dry is banned:
 * all it sends is dropped for {@code banSeconds}, while every other source goes on as before. A
 * ban that ends while its source is still sending over its rate is renewed at once: a flood
 * would otherwise get a fresh burst served every {@code banSeconds} (213 answers in 150 s).
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
    private final ConcurrentHashMap<InetAddress, Ban> bans = new ConcurrentHashMap<>();

    /** Until when, and how much the source sent meanwhile. */
    private static final class Ban {
        final long until;
        final AtomicLong sent = new AtomicLong();

        Ban(long until) {
            this.until = until;
        }
    }

    /** Tokens (scaled by 1e9 to stay integral) and when they were last topped up. */
    private static final class Bucket {
        long tokens;
        long updated;

        Bucket(long tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    /** Set once at start, before the first request. */
    private volatile org.opensbc.core.auth.BanListener listener = org.opensbc.core.auth.BanListener.NONE;

    public RateLimiter(LongSupplier nanos) {
        this.nanos = nanos;
    }

    public void setListener(org.opensbc.core.auth.BanListener listener) {
        this.listener = listener;
    }

    /** Bans a source for this long (read back at start, or started by another node); the listener is not told. */
    public void restoreBan(InetAddress source, long millisLeft) {
        if (millisLeft > 0) {
            bans.put(source, new Ban(nanos.getAsLong() + millisLeft * 1_000_000L));
        }
    }

    private static Ban newBan(long now, AclPolicy.RateLimit limit) {
        return new Ban(now + limit.banSeconds() * TOKEN);
    }

    /** Told after the ban is in force: the reader drops the source's next datagram whatever the listener costs. */
    private void announce(InetAddress source, AclPolicy.RateLimit limit) {
        listener.banned(source.getHostAddress(), limit.banSeconds() * 1000L);
    }

    /** True when the source may send this request; false when it is (or now becomes) banned. */
    public boolean admit(String source, AclPolicy.RateLimit limit) {
        InetAddress address = org.opensbc.rules.match.Cidr.address(source);
        return address == null || meter(address, limit) != Rate.BANNED;
    }

    /** Takes one token of the source's bucket; a source that finds it empty is banned. */
    public Rate meter(InetAddress source, AclPolicy.RateLimit limit) {
        long now = nanos.getAsLong();
        if (banned(source, now, limit)) {
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
        bans.put(source, newBan(now, limit));
        buckets.remove(source);
        announce(source, limit);
        return Rate.BANNED;
    }

    /** Banned now, without taking a token (for a request whose datagram was metered already). */
    public boolean isBanned(InetAddress source) {
        Ban ban = bans.isEmpty() ? null : bans.get(source);
        return ban != null && nanos.getAsLong() - ban.until < 0;
    }

    /** Counts what a banned source sends; at the end of its ban, renews it if that was over its rate. */
    private boolean banned(InetAddress source, long now, AclPolicy.RateLimit limit) {
        if (bans.isEmpty()) {
            return false;
        }
        Ban ban = bans.get(source);
        if (ban == null) {
            return false;
        }
        if (now - ban.until < 0) {
            ban.sent.incrementAndGet();
            return true;
        }
        if (keptFlooding(ban, limit)) {
            if (bans.replace(source, ban, newBan(now, limit))) {
                announce(source, limit);
            }
            return true;
        }
        bans.remove(source, ban);
        return false;
    }

    private static boolean keptFlooding(Ban ban, AclPolicy.RateLimit limit) {
        return limit.requestsPerSecond() > 0 && ban.sent.get() > (long) limit.requestsPerSecond() * limit.banSeconds();
    }

    /** Whole seconds until the source's ban ends (at least 1), or 0 when it is not banned. */
    public int banSecondsLeft(InetAddress source) {
        Ban ban = bans.get(source);
        long left = ban == null ? 0 : ban.until - nanos.getAsLong();
        return left <= 0 ? 0 : (int) Math.max(1, (left + TOKEN - 1) / TOKEN);
    }

    public int bannedSources() {
        return bans.size();
    }

    /**
     * Forgets ended bans (renewing those whose source kept flooding) and sources idle long enough
     * to have a full bucket again.
     */
    public void purge(AclPolicy.RateLimit limit) {
        long now = nanos.getAsLong();
        bans.replaceAll((source, ban) -> {
            if (now - ban.until >= 0 && keptFlooding(ban, limit)) {
                announce(source, limit);
                return newBan(now, limit);
            }
            return ban;
        });
        bans.values().removeIf(ban -> now - ban.until >= 0);
        long refillNanos = limit.requestsPerSecond() <= 0 ? 0
                : limit.burst() * TOKEN / limit.requestsPerSecond();
        boolean crowded = buckets.size() > MAX_SOURCES;
        buckets.entrySet().removeIf(e -> crowded || now - e.getValue().updated > refillNanos);
    }
}

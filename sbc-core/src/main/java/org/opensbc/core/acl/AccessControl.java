package org.opensbc.core.acl;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.routing.PolicyFile;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.acl.AclPolicy;
import org.opensbc.sip.admission.AccessStage;
import org.opensbc.sip.admission.SourceFilter;
import org.opensbc.sip.pipeline.StageResult;

/**
 * The access stage of the inbound pipeline: bans, the ACL and the rate limit. On the UDP reader
 * thread, before a datagram is parsed ({@link SourceFilter}, the stage's fast path): sources
 * banned for failed authentication are dropped, every other datagram is metered against the
 * per-source rate limit (trunks exempt); a source over its rate is queued after the others, a
 * source that exceeds it is banned and dropped. Then on every parsed request ({@link AccessStage}):
 * the same bans, the ACL in force (listener and trunk networks, scanners' User-Agents, methods per
 * source class), and the rate limit for the stream transports.
 *
 * <p>Drops are silent: a scanner learns nothing. The one exception is a source banned for its
 * rate, which is often a client gone wrong (a PBX behind one address, a retransmission loop)
 * rather than an attacker: it is answered 503 with Retry-After (the seconds left of its ban) at
 * most once a second, so that a client that honours it stops, while a flood gets no more than
 * one datagram a second back.
 */
public final class AccessControl implements AccessStage, SourceFilter {

    /** Sources whose trunk status is remembered; cleared past this (a spoofed flood) and on each routing reload. */
    private static final int TRUNK_CACHE = 4096;

    private final AuthFailureTracker bans;
    private final PolicyFile<AclPolicy> acl;
    private final RoutingTable routing;
    private final RateLimiter limiter;
    /** One datagram a second of a source banned for its rate is read (UDP)... */
    private final AnswerLimiter<InetAddress> reads;
    /** ...and its source's next request is answered 503: the one read, not what was queued before the ban. */
    private final Set<InetAddress> toAnswer = ConcurrentHashMap.newKeySet();
    /** Stream transports have no reader: one answer a second is counted here. */
    private final AnswerLimiter<InetAddress> answers;
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private volatile TrunkSources trunkSources;

    /** Whether each source seen lately is a trunk's, for the routing snapshot it was decided with. */
    private static final class TrunkSources {
        final RoutingTable.Snapshot snapshot;
        final ConcurrentHashMap<InetAddress, Boolean> known = new ConcurrentHashMap<>();

        TrunkSources(RoutingTable.Snapshot snapshot) {
            this.snapshot = snapshot;
        }
    }

    public AccessControl(AuthFailureTracker bans, PolicyFile<AclPolicy> acl, RoutingTable routing, RateLimiter limiter) {
        this(bans, acl, routing, limiter, System::nanoTime);
    }

    public AccessControl(AuthFailureTracker bans, PolicyFile<AclPolicy> acl, RoutingTable routing, RateLimiter limiter,
            LongSupplier nanos) {
        this.bans = bans;
        this.acl = acl;
        this.routing = routing;
        this.limiter = limiter;
        this.reads = new AnswerLimiter<>(nanos, 1000, 100_000);
        this.answers = new AnswerLimiter<>(nanos, 1000, 100_000);
    }

    @Override
    public Admission admit(InetAddress source) {
        if (bans.isBanned(source)) {
            return Admission.DROP;
        }
        if (isTrunk(source)) {
            return Admission.ADMIT;
        }
        switch (limiter.meter(source, acl.current().rateLimit())) {
            case WITHIN:
                return Admission.ADMIT;
            case OVER:
                return Admission.SHARED;
            default:
                if (reads.tryAcquire(source)) {
                    toAnswer.add(source);
                    return Admission.SHARED; // read, to be answered 503 by decide() below
                }
                rateLimited.increment();
                return Admission.DROP;
        }
    }

    private boolean isTrunk(InetAddress source) {
        RoutingTable.Snapshot now = routing.current();
        if (now.trunks().all().isEmpty()) {
            return false;
        }
        TrunkSources cache = trunkSources;
        if (cache == null || cache.snapshot != now || cache.known.size() > TRUNK_CACHE) {
            cache = new TrunkSources(now);
            trunkSources = cache;
        }
        Boolean trunk = cache.known.get(source);
        if (trunk == null) {
            trunk = now.trunks().identify(source.getHostAddress()) != null;
            cache.known.put(source, trunk);
        }
        return trunk;
    }

    @Override
    public StageResult decide(String sourceAddress, String transport, String method, boolean inDialog, String userAgent) {
        if (bans.isBanned(sourceAddress)) {
            return StageResult.BANNED;
        }
        AclPolicy policy = acl.current();
        Trunk trunk = routing.current().trunks().identify(sourceAddress);
        InetAddress address = trunk == null ? org.opensbc.rules.match.Cidr.address(sourceAddress) : null;
        if (address != null && rateBanned(address, transport, policy)) {
            if (!"ACK".equals(method) && mayAnswer(address, transport)) {
                answered.increment();
                return StageResult.Reply.serviceUnavailable(null, limiter.banSecondsLeft(address));
            }
            rateLimited.increment();
            return StageResult.BANNED;
        }
        return switch (policy.check(sourceAddress, transport, trunk == null ? null : trunk.name(), method, inDialog,
                userAgent)) {
            case ACCEPT -> StageResult.CONTINUE;
            case DROP -> StageResult.DROP;
            case METHOD_NOT_ALLOWED -> StageResult.Reply.methodNotAllowed(List.copyOf(policy.allowedMethods(trunk != null)));
        };
    }

    /** UDP: the datagram read this second is this request (or came before it); others: one a second. */
    private boolean mayAnswer(InetAddress source, String transport) {
        return "udp".equals(transport) ? toAnswer.remove(source) : answers.tryAcquire(source);
    }

    /** UDP datagrams were metered by {@link #admit}: only the ban is looked at; other transports are metered here. */
    private boolean rateBanned(InetAddress source, String transport, AclPolicy policy) {
        return "udp".equals(transport) ? limiter.isBanned(source)
                : limiter.meter(source, policy.rateLimit()) == RateLimiter.Rate.BANNED;
    }

    /** Requests (UDP: datagrams) dropped because their source went over its rate (the ban's first included). */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** 503s sent to sources banned for their rate (at most one a second each). */
    public long rateAnswered() {
        return answered.sum();
    }

    public int rateBannedSources() {
        return limiter.bannedSources();
    }

    public void purge() {
        limiter.purge(acl.current().rateLimit());
        reads.purge();
        answers.purge();
        toAnswer.clear(); // reads that were responses or were shed: their ban may be over, or they read again
    }
}

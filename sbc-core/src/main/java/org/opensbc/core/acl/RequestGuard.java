package org.opensbc.core.acl;

import java.util.concurrent.atomic.LongAdder;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.routing.PolicyFile;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.acl.AclPolicy;
import org.opensbc.sip.guard.RequestGate;

/**
 * The gateway's first look at every request, before any transaction: sources banned for failed
 * authentication, the ACL in force (listener and trunk networks, scanners' User-Agents, methods
 * per source class), and the per-source rate limit (trunks exempt). Drops are silent: a scanner
 * learns nothing, not even that something answers.
 */
public final class RequestGuard implements RequestGate {

    private final AuthFailureTracker bans;
    private final PolicyFile<AclPolicy> acl;
    private final RoutingTable routing;
    private final RateLimiter limiter;
    private final LongAdder rateLimited = new LongAdder();

    public RequestGuard(AuthFailureTracker bans, PolicyFile<AclPolicy> acl, RoutingTable routing, RateLimiter limiter) {
        this.bans = bans;
        this.acl = acl;
        this.routing = routing;
        this.limiter = limiter;
    }

    @Override
    public Verdict check(String sourceAddress, String transport, String method, boolean inDialog, String userAgent) {
        if (bans.isBanned(sourceAddress)) {
            return Verdict.DROP;
        }
        AclPolicy policy = acl.current();
        Trunk trunk = routing.current().trunks().identify(sourceAddress);
        if (trunk == null && !limiter.admit(sourceAddress, policy.rateLimit())) {
            rateLimited.increment();
            return Verdict.DROP;
        }
        return switch (policy.check(sourceAddress, transport, trunk == null ? null : trunk.name(), method, inDialog,
                userAgent)) {
            case ACCEPT -> Verdict.ACCEPT;
            case DROP -> Verdict.DROP;
            case METHOD_NOT_ALLOWED -> new Verdict(405, String.join(", ", policy.allowedMethods(trunk != null)));
        };
    }

    /** Requests dropped because their source went over its rate (the ban's first request included). */
    public long rateLimited() {
        return rateLimited.sum();
    }

    public int rateBannedSources() {
        return limiter.bannedSources();
    }

    public void purge() {
        limiter.purge(acl.current().rateLimit());
    }
}

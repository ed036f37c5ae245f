package org.opensbc.core.registrar;

import org.opensbc.core.auth.DigestAuthenticator;
import org.opensbc.core.net.NatDetection;

/**
 * What to answer a REGISTER, in the order RFC 3261 section 10.3 gives: local domain, digest
 * authentication, then the binding changes (add, refresh, remove, remove-all with Contact: *, or
 * a fetch without Contact) in the {@link LocationService}. Pure of SIP stack types: fed a
 * {@link RegisterView}, returns a {@link RegisterOutcome} the adapter turns into the reply.
 * Thread-safe as its parts are.
 */
public final class RegisterPolicy {

    /** Flow-Timer for UDP flows (RFC 5626 4.4.1: NATs keep UDP bindings for about 30 s). */
    static final int UDP_FLOW_TIMER_SECONDS = 25;

    private final DigestAuthenticator auth;
    private final LocationService location;
    private final LocalDomains domains;
    private final NatDetection nat;
    /** Flow-Timer for TCP, TLS and WebSocket flows. */
    private final int connectionFlowTimerSeconds;

    public RegisterPolicy(DigestAuthenticator auth, LocationService location, LocalDomains domains, NatDetection nat,
            int connectionFlowTimerSeconds) {
        this.auth = auth;
        this.location = location;
        this.domains = domains;
        this.nat = nat;
        this.connectionFlowTimerSeconds = connectionFlowTimerSeconds;
    }

    /** The realm whose Authorization headers count. */
    public String realm() {
        return auth.realm();
    }

    public RegisterOutcome decide(RegisterView r) {
        if (r.toUser() == null) {
            return new RegisterOutcome.Refused(400, "To must be a SIP URI with a user");
        }
        if (!domains.contains(r.toHost())) {
            return new RegisterOutcome.Refused(403, "Not a local domain");
        }
        String identity = r.identity();
        DigestAuthenticator.Result result = auth.verify(r.credentials(), "REGISTER", r.source().host(),
                identity.hashCode());
        switch (result.outcome()) {
            case CHALLENGE -> {
                return new RegisterOutcome.Challenge(auth.realm(), auth.newNonce(identity), result.stale());
            }
            case REJECTED -> {
                // 403, not another challenge: softphones answer every 401 at once (baresip up to 16
                // times), so one wrong password would be a burst of failures that bans every phone
                // behind the same NAT address. Unknown users get the very same 403.
                return new RegisterOutcome.Rejected(result.banStarted());
            }
            case ACCEPTED -> { }
        }
        if (!r.credentials().username().equals(r.toUser())) {
            return new RegisterOutcome.Refused(403, "Authentication user does not match To");
        }
        if (r.contacts() == null) {
            return new RegisterOutcome.Refused(400, "Bad Contact");
        }
        RegisterOutcome outcome = location.register(registerRequest(r));
        if (outcome instanceof RegisterOutcome.Accepted ok && outbound(r) && !ok.bindings().isEmpty()) {
            return ok.withFlowTimer(flowTimer(r.source()));
        }
        return outcome;
    }

    private RegisterRequest registerRequest(RegisterView r) {
        String natReason = natReason(r);
        RegisterView.Source source = r.source();
        return new RegisterRequest(domains.aor(r.toUser(), r.toHost()), r.callId(), r.cseq(), r.wildcard(),
                r.expiresHeader(), r.contacts(),
                natReason != null && !source.webSocket() ? source.key() : null,
                source.webSocket() ? source.key() : null,
                natReason, r.branch());
    }

    /** Why the client is reached at its source or flow, not its Contact: the first Contact that says so. */
    private String natReason(RegisterView r) {
        for (NatDetection.Facts facts : r.nat()) {
            String reason = nat.reason(facts);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /**
     * RFC 5626 section 6: the UA asked for outbound (Supported: outbound, +sip.instance and reg-id
     * on every Contact), and the gateway is the edge that keeps its flow (it answers CRLF and STUN
     * keepalives, and calls the newest flow of each instance).
     */
    private static boolean outbound(RegisterView r) {
        return !r.wildcard() && !r.contacts().isEmpty() && r.supportsOutbound()
                && r.contacts().stream().allMatch(c -> c.instance() != null && c.regId() > 0);
    }

    /**
     * The keepalive interval the UA is asked to keep (RFC 5626 Flow-Timer): UDP NAT bindings last
     * about 30 s; a connection must be refreshed before the gateway's idle timeout closes it.
     */
    private int flowTimer(RegisterView.Source source) {
        return "UDP".equals(source.transport()) ? UDP_FLOW_TIMER_SECONDS : connectionFlowTimerSeconds;
    }
}

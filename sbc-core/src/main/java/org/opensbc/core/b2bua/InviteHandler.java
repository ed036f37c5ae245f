package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.auth.DigestAuthenticator;
import org.opensbc.core.auth.DigestCredentials;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.core.trunk.TrunkDirectory;
import org.opensbc.rules.Evaluation;
import org.opensbc.rules.RequestFacts;
import org.opensbc.rules.RouteDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new call (INVITE without To tag), in the fixed order: request guard (loops, Max-Forwards,
 * extensions), the open-relay guard, caller authentication (digest, or a trunk's address),
 * routing rules, targets (registered contacts, or trunks that are up and have room), then
 * {@link CallSetup}. Each refusal is one clear final response on the INVITE's transaction.
 */
final class InviteHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InviteHandler.class);

    private final SipContext sip;
    private final CallSetup setup;
    private final CallRegistry calls;
    private final DigestAuthenticator auth;
    private final RoutingTable routing;
    private final LocationService location;
    private final LocalDomains domains;
    private final GatewayMetrics metrics;
    private final CallEnding ending;

    InviteHandler(SipContext sip, CallSetup setup, CallRegistry calls, DigestAuthenticator auth, RoutingTable routing,
            LocationService location, LocalDomains domains, GatewayMetrics metrics, CallEnding ending) {
        this.ending = ending;
        this.sip = sip;
        this.setup = setup;
        this.calls = calls;
        this.auth = auth;
        this.routing = routing;
        this.location = location;
        this.domains = domains;
        this.metrics = metrics;
    }

    void handle(RequestEvent event) throws ParseException {
        Request invite = event.getRequest();
        metrics.callAttempt();
        // Refusals and challenges are stateless, as a REGISTER's are: an INVITE flood without
        // credentials costs no transaction, and a retransmission gets the same answer again.
        int refusal = guard(invite);
        if (refusal != 0) {
            refuse(invite, null, refusal);
            return;
        }
        SourceAddress source = SourceAddress.of(invite);
        RoutingTable.Snapshot table = routing.current(); // one set of rules and trunks for the whole call
        Trunk sourceTrunk = table.trunks().identify(source.host());
        SipURI fromUri = (SipURI) ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI();
        String fromUser = fromUri.getUser();
        String callerIdentity;
        if (sourceTrunk != null) {
            callerIdentity = fromUser + "@" + sourceTrunk.name();
        } else {
            if (isOpenRelayAttempt(invite, fromUri)) {
                refuse(invite, null, Response.FORBIDDEN); // never a relay between two foreign parties
                return;
            }
            String user = authenticate(invite, source);
            if (user == null) {
                return;
            }
            if (!user.equals(fromUser)) {
                refuse(invite, null, Response.FORBIDDEN);
                return;
            }
            callerIdentity = user + "@" + fromUri.getHost();
        }
        String claim = CallRegistry.callerInvite(invite);
        if (!calls.claim(claim)) {
            return; // a retransmission of an INVITE whose call exists: its transaction answers it
        }
        try {
            if (!startCall(event, invite, source, table, sourceTrunk, callerIdentity)) {
                calls.unclaim(claim);
            }
        } catch (ParseException | RuntimeException e) {
            calls.unclaim(claim);
            throw e;
        }
    }

    /** Past authentication: transaction, 100 Trying, routing, targets. True when a call started. */
    private boolean startCall(RequestEvent event, Request invite, SourceAddress source, RoutingTable.Snapshot table,
            Trunk sourceTrunk, String callerIdentity) throws ParseException {
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            try {
                st = sip.provider.getNewServerTransaction(invite);
            } catch (TransactionAlreadyExistsException retransmission) {
                return false;
            } catch (TransactionUnavailableException e) {
                sip.replies.reject(invite, null, Response.SERVER_INTERNAL_ERROR, null);
                return false;
            }
        }
        sip.replies.reject(invite, st, Response.TRYING, null);
        URI ruri = invite.getRequestURI();
        if (!(ruri instanceof SipURI target) || target.getUser() == null) {
            refuse(invite, st, Response.NOT_FOUND);
            return false;
        }
        Evaluation routed = table.rules().evaluate(RoutingFacts.of(invite, source, sourceTrunk), routing.environment());
        String dialled = routed.requestUser() + "@" + target.getHost();
        String calleeIdentity = target.getUser() + "@" + target.getHost();
        Routed route = targets(routed, target, table.trunks());
        if (route.targets.isEmpty()) {
            refuse(invite, st, route.status, route.reason);
            ending.refused(callerIdentity, calleeIdentity, ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(),
                    route.status, route.disposition);
            return false;
        }
        try {
            setup.start(invite, st, source, callerIdentity, dialled, route.targets, route.failover, routed.headers());
            return true;
        } catch (SipException | RuntimeException e) {
            LOG.warn("INVITE from {} could not start a call: {}", source.key(), e.toString());
            route.targets.forEach(CallTarget::releaseTrunk);
            refuse(invite, st, Response.SERVER_INTERNAL_ERROR);
            return false;
        }
    }

    /**
     * An unauthenticated caller (not a trunk) that names no local party at all: neither its From
     * nor the Request-URI is one of our domains. That is somebody trying to use the gateway as a
     * relay; it gets 403 without a challenge.
     */
    private boolean isOpenRelayAttempt(Request invite, SipURI from) {
        URI ruri = invite.getRequestURI();
        String to = ruri instanceof SipURI s ? s.getHost() : "";
        return !domains.contains(from.getHost()) && !domains.contains(to)
                && invite.getHeader(ProxyAuthorizationHeader.NAME) == null;
    }

    /** Status for a request the gateway will not take, or 0. */
    private int guard(Request invite) {
        if (calls.isOwnCallId(((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId())) {
            return Response.LOOP_DETECTED; // our own outgoing leg came back to us
        }
        if (CallSetup.maxForwards(invite) <= 0) {
            return Response.TOO_MANY_HOPS;
        }
        if (!Capabilities.unsupportedRequired(invite).isEmpty()) {
            return Response.BAD_EXTENSION;
        }
        return 0;
    }

    private void refuse(Request invite, ServerTransaction st, int status) throws ParseException {
        refuse(invite, st, status, null);
    }

    private void refuse(Request invite, ServerTransaction st, int status, String reason) throws ParseException {
        Response response = sip.replies.create(invite, status, reason);
        if (status == Response.BAD_EXTENSION) {
            for (String tag : Capabilities.unsupportedRequired(invite)) {
                response.addHeader(sip.headers.createUnsupportedHeader(tag));
            }
        }
        metrics.callRefused(status);
        sip.replies.send(invite, st, response);
    }

    /** The authenticated user, or null after a 407 challenge went out. */
    private String authenticate(Request invite, SourceAddress source) throws ParseException {
        DigestCredentials credentials = credentials(invite);
        String identity = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId() + "|"
                + ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber() + "|"
                + ((ViaHeader) invite.getHeader(ViaHeader.NAME)).getBranch();
        DigestAuthenticator.Result result = auth.verify(credentials, Request.INVITE, source.host(), identity.hashCode());
        if (result.outcome() == DigestAuthenticator.Outcome.ACCEPTED) {
            return credentials.username();
        }
        if (result.outcome() == DigestAuthenticator.Outcome.REJECTED) {
            metrics.authFailure();
            if (result.banStarted()) {
                metrics.banStarted();
            }
        }
        Response challenge = sip.replies.create(invite, Response.PROXY_AUTHENTICATION_REQUIRED, null);
        ProxyAuthenticateHeader h = sip.headers.createProxyAuthenticateHeader("Digest");
        h.setRealm(auth.realm());
        h.setNonce(auth.newNonce(identity));
        h.setAlgorithm("MD5");
        h.setQop("auth");
        if (result.stale()) {
            h.setParameter("stale", "true");
        }
        challenge.setHeader(h);
        metrics.callRefused(Response.PROXY_AUTHENTICATION_REQUIRED);
        sip.replies.send(invite, null, challenge);
        return null;
    }

    private DigestCredentials credentials(Request request) {
        ListIterator<?> it = request.getHeaders(ProxyAuthorizationHeader.NAME);
        while (it.hasNext()) {
            ProxyAuthorizationHeader h = (ProxyAuthorizationHeader) it.next();
            if (auth.realm().equals(h.getRealm()) && "Digest".equalsIgnoreCase(h.getScheme())) {
                return new DigestCredentials(h.getUsername(), h.getRealm(), h.getNonce(),
                        h.getURI() == null ? null : h.getURI().toString(), h.getResponse(), h.getAlgorithm(),
                        h.getQop(), h.getParameter("nc"), h.getCNonce());
            }
        }
        return null;
    }

    /** The first targets to call, the trunks to fail over to, or why there are none. */
    private record Routed(List<CallTarget> targets, List<Trunk> failover, int status, String reason,
            String disposition) {
        Routed(List<CallTarget> targets, List<Trunk> failover) {
            this(targets, failover, 0, null, null);
        }

        static Routed refused(int status, String reason) {
            return new Routed(List.of(), List.of(), status, reason, FailureMapping.disposition(status));
        }

        /** A known user with no contact: the CDR says so, not "no-answer". */
        static Routed notRegistered() {
            return new Routed(List.of(), List.of(), Response.TEMPORARILY_UNAVAILABLE, null, "not-registered");
        }
    }

    private Routed targets(Evaluation routed, SipURI dialled, TrunkDirectory trunks) throws ParseException {
        RouteDecision decision = routed.decision();
        if (decision instanceof RouteDecision.Reject reject) {
            return Routed.refused(reject.status(), reject.reason());
        }
        if (decision instanceof RouteDecision.Trunks route) {
            List<Trunk> candidates = new ArrayList<>();
            for (String name : route.trunks()) {
                Trunk t = trunks.get(name);
                if (t != null) {
                    candidates.add(t);
                }
            }
            // the first trunk that is up and has room takes the call; the rest wait for failover
            while (!candidates.isEmpty()) {
                Trunk first = candidates.remove(0);
                if (first.tryAcquire()) {
                    return new Routed(List.of(TrunkTargets.of(sip, first, routed.requestUser())), candidates);
                }
            }
            metrics.trunkAdmissionRefused();
            return Routed.refused(Response.SERVICE_UNAVAILABLE, "No Trunk Available");
        }
        RouteDecision.LocalUser local = (RouteDecision.LocalUser) decision;
        String user = local.aor().substring(0, local.aor().lastIndexOf('@'));
        if (!routing.environment().isKnownUser(user)) {
            return Routed.refused(Response.NOT_FOUND, null);
        }
        List<CallTarget> targets = new ArrayList<>();
        URI to = sip.addresses.createSipURI(user, dialled.getHost());
        for (Binding b : location.lookup(local.aor())) {
            try {
                URI contact = sip.addresses.createURI(b.contactUri());
                if (!(contact instanceof SipURI sipContact)) {
                    continue;
                }
                NextHop hop = b.flow() != null ? NextHop.parse(b.flow())
                        : b.route() != null ? NextHop.parse(b.route()) : NextHop.of(sipContact);
                if (sip.hasTransport(hop.transport())) {
                    targets.add(new CallTarget(contact, to, hop, false, null));
                }
            } catch (ParseException | IllegalArgumentException e) {
                LOG.debug("binding of {} unusable: {}", local.aor(), e.toString());
            }
        }
        return targets.isEmpty() ? Routed.notRegistered() : new Routed(targets, List.of());
    }
}

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
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.rules.RequestFacts;
import org.opensbc.rules.RouteDecision;
import org.opensbc.rules.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new call (INVITE without To tag), in the fixed order: request guard (loops, Max-Forwards,
 * extensions), caller authentication (digest, or the trunk's address), routing decision, targets,
 * then {@link CallSetup}. Each refusal is one clear final response on the INVITE's transaction.
 */
final class InviteHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InviteHandler.class);
    static final String TRUNK_NAME = "default";

    private final SipContext sip;
    private final CallSetup setup;
    private final CallRegistry calls;
    private final DigestAuthenticator auth;
    private final Router router;
    private final LocationService location;
    private final GatewayConfig.Trunk trunk;
    private final GatewayMetrics metrics;
    private final CallEnding ending;

    InviteHandler(SipContext sip, CallSetup setup, CallRegistry calls, DigestAuthenticator auth, Router router,
            LocationService location, GatewayConfig.Trunk trunk, GatewayMetrics metrics, CallEnding ending) {
        this.ending = ending;
        this.sip = sip;
        this.setup = setup;
        this.calls = calls;
        this.auth = auth;
        this.router = router;
        this.location = location;
        this.trunk = trunk;
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
        boolean fromTrunk = trunk.enabled() && trunk.address().equals(source.host());
        String fromUser = user(((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI());
        String callerIdentity;
        if (fromTrunk) {
            callerIdentity = fromUser + "@" + TRUNK_NAME;
        } else {
            String user = authenticate(invite, source);
            if (user == null) {
                return;
            }
            if (!user.equals(fromUser)) {
                refuse(invite, null, Response.FORBIDDEN);
                return;
            }
            callerIdentity = user + "@" + ((SipURI) ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI()).getHost();
        }
        String claim = CallRegistry.callerInvite(invite);
        if (!calls.claim(claim)) {
            return; // a retransmission of an INVITE whose call exists: its transaction answers it
        }
        try {
            if (!startCall(event, invite, source, fromTrunk, fromUser, callerIdentity)) {
                calls.unclaim(claim);
            }
        } catch (ParseException | RuntimeException e) {
            calls.unclaim(claim);
            throw e;
        }
    }

    /** Past authentication: transaction, 100 Trying, routing, targets. True when a call started. */
    private boolean startCall(RequestEvent event, Request invite, SourceAddress source, boolean fromTrunk,
            String fromUser, String callerIdentity) throws ParseException {
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
        RouteDecision decision = router.route(new RequestFacts(Request.INVITE, source.host(), source.transport(),
                fromTrunk ? TRUNK_NAME : "", fromUser == null ? "" : fromUser, target.getUser(), target.getHost()));
        List<CallTarget> targets = targets(decision, target);
        if (targets.isEmpty()) {
            int status = decision instanceof RouteDecision.Reject r ? r.status() : Response.TEMPORARILY_UNAVAILABLE;
            refuse(invite, st, status);
            ending.refused(callerIdentity, target.getUser() + "@" + target.getHost(),
                    ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(), status);
            return false;
        }
        try {
            setup.start(invite, st, source, callerIdentity, target.getUser() + "@" + target.getHost(), targets);
            return true;
        } catch (SipException | RuntimeException e) {
            LOG.warn("INVITE from {} could not start a call: {}", source.key(), e.toString());
            refuse(invite, st, Response.SERVER_INTERNAL_ERROR);
            return false;
        }
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
        Response response = sip.replies.create(invite, status, null);
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

    private List<CallTarget> targets(RouteDecision decision, SipURI dialled) throws ParseException {
        List<CallTarget> targets = new ArrayList<>();
        if (decision instanceof RouteDecision.LocalUser local) {
            URI to = sip.addresses.createSipURI(dialled.getUser(), dialled.getHost());
            for (Binding b : location.lookup(local.aor())) {
                try {
                    URI contact = sip.addresses.createURI(b.contactUri());
                    if (!(contact instanceof SipURI sipContact)) {
                        continue;
                    }
                    NextHop hop = b.flow() != null ? NextHop.parse(b.flow())
                            : b.route() != null ? NextHop.parse(b.route()) : NextHop.of(sipContact);
                    if (sip.hasTransport(hop.transport())) {
                        targets.add(new CallTarget(contact, to, hop, false));
                    }
                } catch (ParseException | IllegalArgumentException e) {
                    LOG.debug("binding of {} unusable: {}", local.aor(), e.toString());
                }
            }
        } else if (decision instanceof RouteDecision.Trunk) {
            SipURI uri = sip.addresses.createSipURI(dialled.getUser(), trunk.host());
            uri.setPort(trunk.port());
            if (!"UDP".equals(trunk.transport())) {
                uri.setTransportParam(trunk.transport().toLowerCase(java.util.Locale.ROOT));
            }
            SipURI to = sip.addresses.createSipURI(dialled.getUser(), trunk.host());
            targets.add(new CallTarget(uri, to, new NextHop(trunk.transport(), trunk.address(), trunk.port()), trunk.tcp()));
        }
        return targets;
    }

    private static String user(URI uri) {
        return uri instanceof SipURI s ? s.getUser() : null;
    }
}

package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.ListIterator;
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
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.core.trunk.TrunkDirectory;

/**
 * Who sends a new request that reaches users or trunks (INVITE, MESSAGE): a trunk, known by its
 * address, or a local user proven by digest (stateless 407, as for REGISTER: a flood without
 * credentials costs no transaction). A request that names no local party at all from a stranger
 * is an open-relay attempt: 403 without a challenge. The From user must be the authenticated one.
 */
final class CallerCheck {

    /**
     * The sender: "user@host" (or "user@trunk-name"), its trunk when it is one, and the gateway
     * node it comes from when another node passes on a call for a connection this one holds.
     */
    record Caller(String identity, Trunk trunk, String peerNode) {
        Caller(String identity, Trunk trunk) {
            this(identity, trunk, null);
        }
    }

    private final SipContext sip;
    private final DigestAuthenticator auth;
    private final LocalDomains domains;
    private final GatewayMetrics metrics;
    private final org.opensbc.core.state.ClusterView cluster;

    CallerCheck(SipContext sip, DigestAuthenticator auth, LocalDomains domains, GatewayMetrics metrics,
            org.opensbc.core.state.ClusterView cluster) {
        this.sip = sip;
        this.cluster = cluster;
        this.auth = auth;
        this.domains = domains;
        this.metrics = metrics;
    }

    /**
     * The caller, or null when the request was answered (challenged or refused) here.
     *
     * @param refused counts each refusal or challenge by status (INVITE and MESSAGE count apart)
     */
    Caller identify(Request request, SourceAddress source, TrunkDirectory trunks, java.util.function.IntConsumer refused)
            throws ParseException {
        Trunk sourceTrunk = trunks.identify(source.host());
        URI fromUri = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        String fromUser = fromUri instanceof SipURI s ? s.getUser() : null;
        String fromHost = fromUri instanceof SipURI s ? s.getHost() : "";
        if (sourceTrunk != null) {
            return new Caller(fromUser + "@" + sourceTrunk.name(), sourceTrunk);
        }
        String peer = cluster.peerAt(source.host(), source.port());
        if (peer != null) {
            return new Caller(fromUser + "@" + fromHost, null, peer); // authenticated by the node it came to
        }
        if (isOpenRelayAttempt(request, fromHost)) {
            refuse(request, Response.FORBIDDEN, refused); // never a relay between two foreign parties
            return null;
        }
        String user = authenticate(request, source, refused);
        if (user == null) {
            return null;
        }
        if (!user.equals(fromUser)) {
            refuse(request, Response.FORBIDDEN, refused);
            return null;
        }
        return new Caller(user + "@" + fromHost, null);
    }

    private void refuse(Request request, int status, java.util.function.IntConsumer refused) {
        refused.accept(status);
        sip.replies.answer(request, null, status, null);
    }

    /**
     * An unauthenticated sender (not a trunk) that names no local party at all: neither its From
     * nor the Request-URI is one of our domains. That is somebody trying to use the gateway as a
     * relay; it gets 403 without a challenge.
     */
    private boolean isOpenRelayAttempt(Request request, String fromHost) {
        URI ruri = request.getRequestURI();
        String to = ruri instanceof SipURI s ? s.getHost() : "";
        return !domains.contains(fromHost) && !domains.contains(to)
                && request.getHeader(ProxyAuthorizationHeader.NAME) == null;
    }

    /** The authenticated user, or null after a 407 challenge went out. */
    private String authenticate(Request request, SourceAddress source, java.util.function.IntConsumer refused)
            throws ParseException {
        DigestCredentials credentials = credentials(request);
        String identity = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId() + "|"
                + ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber() + "|"
                + ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
        DigestAuthenticator.Result result = auth.verify(credentials, request.getMethod(), source.host(),
                identity.hashCode());
        if (result.outcome() == DigestAuthenticator.Outcome.ACCEPTED) {
            return credentials.username();
        }
        if (result.outcome() == DigestAuthenticator.Outcome.REJECTED) {
            metrics.authFailure();
            if (result.banStarted()) {
                metrics.banStarted();
            }
            refuse(request, Response.FORBIDDEN, refused); // as for REGISTER: no retry loop, no enumeration
            return null;
        }
        Response challenge = sip.replies.create(request, Response.PROXY_AUTHENTICATION_REQUIRED, null);
        ProxyAuthenticateHeader h = sip.headers.createProxyAuthenticateHeader("Digest");
        h.setRealm(auth.realm());
        h.setNonce(auth.newNonce(identity));
        h.setAlgorithm("MD5");
        h.setQop("auth");
        if (result.stale()) {
            h.setParameter("stale", "true");
        }
        challenge.setHeader(h);
        refused.accept(Response.PROXY_AUTHENTICATION_REQUIRED);
        sip.replies.send(request, null, challenge);
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
}

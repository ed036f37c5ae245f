package org.opensbc.core.b2bua;

import gov.nist.javax.sip.header.Contact;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.auth.DigestAuthenticator;
import org.opensbc.core.auth.DigestCredentials;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.net.NatDetection;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.ContactSpec;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.core.registrar.RegisterOutcome;
import org.opensbc.core.registrar.RegisterRequest;

/**
 * REGISTER, in the order RFC 3261 section 10.3 gives: local domain, digest authentication,
 * then the binding changes. Answered statelessly, as dedicated registrars do: a transaction per
 * REGISTER would be kept 32 s (Timer J) for nothing. Retransmissions get the same answer: the
 * challenge nonce is derived from the request, and the location service recognises a repeated
 * Call-ID/CSeq/branch.
 */
final class RegisterHandler {

    private final Replies replies;
    private final DigestAuthenticator auth;
    private final LocationService location;
    private final LocalDomains domains;
    private final GatewayMetrics metrics;
    private final java.time.Clock clock;
    private final NatDetection nat;
    /** Flow-Timer for UDP flows (RFC 5626 4.4.1: NATs keep UDP bindings for about 30 s). */
    private static final int UDP_FLOW_TIMER_SECONDS = 25;
    /** Flow-Timer for TCP, TLS and WebSocket flows. */
    private final int connectionFlowTimerSeconds;

    RegisterHandler(Replies replies, DigestAuthenticator auth, LocationService location,
            LocalDomains domains, GatewayMetrics metrics, java.time.Clock clock, NatDetection nat,
            int connectionFlowTimerSeconds) {
        this.nat = nat;
        this.connectionFlowTimerSeconds = connectionFlowTimerSeconds;
        this.replies = replies;
        this.auth = auth;
        this.location = location;
        this.domains = domains;
        this.metrics = metrics;
        this.clock = clock;
    }

    void handle(RequestEvent event) throws ParseException {
        Request request = event.getRequest();
        URI toUri = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!(toUri instanceof SipURI to) || to.getUser() == null) {
            refuse(request, 400, "To must be a SIP URI with a user");
            return;
        }
        if (!domains.contains(to.getHost())) {
            refuse(request, 403, "Not a local domain");
            return;
        }
        SourceAddress source = SourceAddress.of(request);
        DigestCredentials credentials = credentials(request);
        String identity = requestIdentity(request);
        DigestAuthenticator.Result result = auth.verify(credentials, Request.REGISTER, source.host(), identity.hashCode());
        switch (result.outcome()) {
            case CHALLENGE -> {
                metrics.registerChallenged();
                challenge(request, identity, result.stale());
                return;
            }
            case REJECTED -> {
                // 403, not another challenge: softphones answer every 401 at once (baresip up to 16
                // times), so one wrong password would be a burst of failures that bans every phone
                // behind the same NAT address. Unknown users get the very same 403.
                metrics.registerRejected();
                metrics.authFailure();
                if (result.banStarted()) {
                    metrics.banStarted();
                }
                replies.reject(request, null, Response.FORBIDDEN, null);
                return;
            }
            case ACCEPTED -> { }
        }
        if (!credentials.username().equals(to.getUser())) {
            refuse(request, 403, "Authentication user does not match To");
            return;
        }
        RegisterRequest register = registerRequest(request, to, source);
        if (register == null) {
            refuse(request, 400, "Bad Contact");
            return;
        }
        answer(request, location.register(register), outbound(request, register) ? flowTimer(source) : 0);
    }

    private void refuse(Request request, int status, String reason) {
        metrics.registerRefused();
        replies.reject(request, null, status, reason);
    }

    private DigestCredentials credentials(Request request) {
        ListIterator<?> it = request.getHeaders(AuthorizationHeader.NAME);
        while (it.hasNext()) {
            AuthorizationHeader h = (AuthorizationHeader) it.next();
            if (auth.realm().equals(h.getRealm()) && "Digest".equalsIgnoreCase(h.getScheme())) {
                return new DigestCredentials(h.getUsername(), h.getRealm(), h.getNonce(),
                        h.getURI() == null ? null : h.getURI().toString(), h.getResponse(), h.getAlgorithm(),
                        h.getQop(), h.getParameter("nc"), h.getCNonce());
            }
        }
        return null;
    }

    /** Call-ID, CSeq and top Via branch: equal for a request and its retransmissions only. */
    private static String requestIdentity(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId() + "|"
                + ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber() + "|"
                + ((javax.sip.header.ViaHeader) request.getHeader(javax.sip.header.ViaHeader.NAME)).getBranch();
    }

    private void challenge(Request request, String identity, boolean stale) throws ParseException {
        Response response = replies.create(request, Response.UNAUTHORIZED, null);
        WWWAuthenticateHeader www = replies.headers().createWWWAuthenticateHeader("Digest");
        www.setRealm(auth.realm());
        www.setNonce(auth.newNonce(identity));
        www.setAlgorithm("MD5");
        www.setQop("auth");
        if (stale) {
            www.setParameter("stale", "true");
        }
        response.setHeader(www);
        replies.send(request, null, response);
    }

    private RegisterRequest registerRequest(Request request, SipURI to, SourceAddress source) {
        boolean wildcard = false;
        List<ContactSpec> contacts = new ArrayList<>();
        String natReason = null;
        javax.sip.header.ViaHeader via = (javax.sip.header.ViaHeader) request.getHeader(javax.sip.header.ViaHeader.NAME);
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            Contact contact = (Contact) it.next();
            if (contact.isWildCard()) {
                wildcard = true;
                continue;
            }
            URI uri = contact.getAddress().getURI();
            if (!uri.isSipURI()) {
                return null;
            }
            SipURI sip = (SipURI) uri;
            if (natReason == null) {
                natReason = nat.reason(new NatDetection.Facts(source.transport(), source.host(), source.port(),
                        via.getHost(), via.getPort(), sip.getHost(), sip.getPort() > 0 ? sip.getPort() : 5060));
            }
            Contact echo = (Contact) contact.clone();
            echo.removeParameter("expires");
            String regId = contact.getParameter("reg-id");
            int regIdValue;
            try {
                regIdValue = regId == null ? 0 : Integer.parseInt(regId.trim());
            } catch (NumberFormatException e) {
                return null;
            }
            contacts.add(new ContactSpec(uri.toString(), echo.getHeaderValue(), contact.getExpires(),
                    contact.getParameter("+sip.instance"), regIdValue));
        }
        ExpiresHeader expires = request.getExpires();
        String aor = domains.aor(to.getUser(), to.getHost());
        return new RegisterRequest(aor,
                ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(),
                wildcard, expires == null ? -1 : expires.getExpires(), contacts,
                natReason != null && !source.isWebSocket() ? source.key() : null,
                source.isWebSocket() ? source.key() : null,
                natReason, via.getBranch());
    }

    /**
     * RFC 5626 section 6: the UA asked for outbound (Supported: outbound, +sip.instance and reg-id
     * on every Contact), and the gateway is the edge that keeps its flow (it answers CRLF and STUN
     * keepalives, and calls the newest flow of each instance).
     */
    private static boolean outbound(Request request, RegisterRequest register) {
        return !register.wildcard() && !register.contacts().isEmpty()
                && Capabilities.lists(request, javax.sip.header.SupportedHeader.NAME, "outbound")
                && register.contacts().stream().allMatch(c -> c.instance() != null && c.regId() > 0);
    }

    /**
     * The keepalive interval the UA is asked to keep (RFC 5626 Flow-Timer): UDP NAT bindings last
     * about 30 s; a connection must be refreshed before the gateway's idle timeout closes it.
     */
    private int flowTimer(SourceAddress source) {
        return "UDP".equals(source.transport()) ? UDP_FLOW_TIMER_SECONDS : connectionFlowTimerSeconds;
    }

    private void answer(Request request, RegisterOutcome outcome, int flowTimerSeconds) throws ParseException {
        if (outcome instanceof RegisterOutcome.Accepted ok) {
            Response response = replies.create(request, Response.OK, null);
            if (flowTimerSeconds > 0 && !ok.bindings().isEmpty()) {
                response.addHeader(replies.headers().createRequireHeader("outbound"));
                response.addHeader(replies.headers().createHeader("Flow-Timer", Integer.toString(flowTimerSeconds)));
            }
            long now = clock.millis();
            for (Binding b : ok.bindings()) {
                response.addHeader(replies.headers().createHeader(ContactHeader.NAME,
                        b.contactHeader() + ";expires=" + b.secondsLeft(now)));
            }
            response.setHeader(replies.headers().createDateHeader(java.util.Calendar.getInstance(
                    java.util.TimeZone.getTimeZone("GMT"))));
            metrics.registerAccepted();
            replies.send(request, null, response);
        } else if (outcome instanceof RegisterOutcome.IntervalTooBrief brief) {
            Response response = replies.create(request, Response.INTERVAL_TOO_BRIEF, null);
            try {
                response.setHeader(replies.headers().createMinExpiresHeader(brief.minExpires()));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException("Min-Expires out of range", e);
            }
            metrics.registerRefused();
            replies.send(request, null, response);
        } else if (outcome instanceof RegisterOutcome.Refused refused) {
            refuse(request, refused.status(), refused.reason());
        }
    }
}

package org.opensbc.core.b2bua;

import gov.nist.javax.sip.header.Contact;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
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
import org.opensbc.core.registrar.RegisterPolicy;
import org.opensbc.core.registrar.RegisterView;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;

/**
 * REGISTER, the JAIN-SIP side: takes the request apart into a {@link RegisterView}, lets
 * {@link RegisterPolicy} decide, and turns its {@link RegisterOutcome} into the reply and the
 * metrics. Answered statelessly, as dedicated registrars do: a transaction per REGISTER would be
 * kept 32 s (Timer J) for nothing. Retransmissions get the same answer: the challenge nonce is
 * derived from the request, and the location service recognises a repeated Call-ID/CSeq/branch.
 */
final class RegisterHandler {

    private final Replies replies;
    private final RegisterPolicy policy;
    private final GatewayMetrics metrics;
    private final java.time.Clock clock;
    /** Runs a 200 OK's sending once the bindings it lists are stored (group commit; see StateStore#whenWritten). */
    private final java.util.function.Consumer<Runnable> whenStored;

    RegisterHandler(Replies replies, DigestAuthenticator auth, LocationService location,
            LocalDomains domains, GatewayMetrics metrics, java.time.Clock clock, NatDetection nat,
            int connectionFlowTimerSeconds, java.util.function.Consumer<Runnable> whenStored) {
        this.replies = replies;
        this.whenStored = whenStored;
        this.policy = new RegisterPolicy(auth, location, domains, nat, connectionFlowTimerSeconds);
        this.metrics = metrics;
        this.clock = clock;
    }

    void handle(RequestEvent event) throws ParseException {
        Request request = event.getRequest();
        RegisterOutcome outcome = policy.decide(view(request));
        if (outcome instanceof RegisterOutcome.Accepted ok) {
            accept(request, ok);
        } else if (outcome instanceof RegisterOutcome.Challenge challenge) {
            metrics.registerChallenged();
            challenge(request, challenge);
        } else if (outcome instanceof RegisterOutcome.Rejected rejected) {
            metrics.registerRejected();
            metrics.authFailure();
            if (rejected.banStarted()) {
                metrics.banStarted();
            }
            replies.refuse(Stage.AUTHENTICATION, request, null, StageResult.Reply.of(Response.FORBIDDEN));
        } else if (outcome instanceof RegisterOutcome.IntervalTooBrief brief) {
            tooBrief(request, brief);
        } else if (outcome instanceof RegisterOutcome.Unavailable unavailable) {
            metrics.registerRefused();
            replies.refuse(Stage.REGISTRAR, request, null,
                    StageResult.Reply.serviceUnavailable("State Store Unavailable", unavailable.retryAfterSeconds()));
        } else if (outcome instanceof RegisterOutcome.Refused refused) {
            metrics.registerRefused();
            replies.refuse(Stage.REGISTRAR, request, null, StageResult.Reply.of(refused.status(), refused.reason()));
        }
    }

    private RegisterView view(Request request) {
        URI toUri = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        SipURI to = toUri instanceof SipURI sip && sip.getUser() != null ? sip : null;
        SourceAddress source = SourceAddress.of(request);
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        boolean wildcard = false;
        List<ContactSpec> contacts = new ArrayList<>();
        List<NatDetection.Facts> nat = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            Contact contact = (Contact) it.next();
            if (contact.isWildCard()) {
                wildcard = true;
                continue;
            }
            ContactSpec spec = contactSpec(contact);
            if (spec == null) {
                contacts = null;
                break;
            }
            contacts.add(spec);
            SipURI uri = (SipURI) contact.getAddress().getURI();
            nat.add(new NatDetection.Facts(source.transport(), source.host(), source.port(), via.getHost(),
                    via.getPort(), uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5060));
        }
        ExpiresHeader expires = request.getExpires();
        return new RegisterView(to == null ? null : to.getUser(), to == null ? null : to.getHost(),
                credentials(request),
                new RegisterView.Source(source.transport(), source.host(), source.key(), source.isWebSocket()),
                ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(), via.getBranch(),
                expires == null ? -1 : expires.getExpires(), wildcard, contacts, nat,
                Capabilities.lists(request, SupportedHeader.NAME, "outbound"));
    }

    /** One Contact taken apart, or null when it is not a SIP URI or its reg-id is not a number. */
    private static ContactSpec contactSpec(Contact contact) {
        URI uri = contact.getAddress().getURI();
        if (!uri.isSipURI()) {
            return null;
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
        return new ContactSpec(uri.toString(), echo.getHeaderValue(), contact.getExpires(),
                contact.getParameter("+sip.instance"), regIdValue);
    }

    private DigestCredentials credentials(Request request) {
        ListIterator<?> it = request.getHeaders(AuthorizationHeader.NAME);
        while (it.hasNext()) {
            AuthorizationHeader h = (AuthorizationHeader) it.next();
            if (policy.realm().equals(h.getRealm()) && "Digest".equalsIgnoreCase(h.getScheme())) {
                return new DigestCredentials(h.getUsername(), h.getRealm(), h.getNonce(),
                        h.getURI() == null ? null : h.getURI().toString(), h.getResponse(), h.getAlgorithm(),
                        h.getQop(), h.getParameter("nc"), h.getCNonce());
            }
        }
        return null;
    }

    private void challenge(Request request, RegisterOutcome.Challenge challenge) throws ParseException {
        Response response = replies.create(request, Response.UNAUTHORIZED, null);
        WWWAuthenticateHeader www = replies.headers().createWWWAuthenticateHeader("Digest");
        www.setRealm(challenge.realm());
        www.setNonce(challenge.nonce());
        www.setAlgorithm("MD5");
        www.setQop("auth");
        if (challenge.stale()) {
            www.setParameter("stale", "true");
        }
        response.setHeader(www);
        replies.send(request, null, response);
    }

    private void accept(Request request, RegisterOutcome.Accepted ok) throws ParseException {
        Response response = replies.create(request, Response.OK, null);
        if (ok.flowTimerSeconds() > 0) {
            response.addHeader(replies.headers().createRequireHeader("outbound"));
            response.addHeader(replies.headers().createHeader("Flow-Timer", Integer.toString(ok.flowTimerSeconds())));
        }
        long now = clock.millis();
        for (Binding b : ok.bindings()) {
            response.addHeader(replies.headers().createHeader(ContactHeader.NAME,
                    b.contactHeader() + ";expires=" + b.secondsLeft(now)));
        }
        response.setHeader(replies.headers().createDateHeader(java.util.Calendar.getInstance(
                java.util.TimeZone.getTimeZone("GMT"))));
        metrics.registerAccepted();
        whenStored.accept(() -> replies.send(request, null, response));
    }

    private void tooBrief(Request request, RegisterOutcome.IntervalTooBrief brief) throws ParseException {
        Response response = replies.create(request, Response.INTERVAL_TOO_BRIEF, null);
        try {
            response.setHeader(replies.headers().createMinExpiresHeader(brief.minExpires()));
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException("Min-Expires out of range", e);
        }
        metrics.registerRefused();
        replies.send(request, null, response);
    }
}

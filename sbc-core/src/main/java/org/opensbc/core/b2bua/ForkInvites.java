package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;

/** Builds the INVITE for one fork of a call: nothing of the caller's topology, its session and intent only. */
final class ForkInvites {

    private final SipContext sip;
    private final SessionTimers timers;

    ForkInvites(SipContext sip, SessionTimers timers) {
        this.sip = sip;
        this.timers = timers;
    }

    /** New Call-ID, tags and Via; the caller's body anchored by the media relay when the call is. */
    Request create(Call call, CallTarget target) throws ParseException, InvalidArgumentException, MediaAnchor.Refused {
        Request in = call.caller.invite;
        Address from = sip.addresses.createAddress(fromUri(in));
        String display = ((FromHeader) in.getHeader(FromHeader.NAME)).getAddress().getDisplayName();
        if (display != null) {
            from.setDisplayName(display);
        }
        String transport = target.hop().transport();
        Request out = sip.messages.createRequest(target.requestUri(), Request.INVITE,
                sip.headers.createCallIdHeader(sip.newCallId()),
                sip.headers.createCSeqHeader(1L, Request.INVITE),
                sip.headers.createFromHeader(from, sip.newTag()),
                sip.headers.createToHeader(sip.addresses.createAddress(target.toUri()), null),
                List.of(sip.via(transport)),
                sip.headers.createMaxForwardsHeader(CallSetup.maxForwards(in) - 1));
        out.addHeader(sip.contact(transport));
        HeaderPolicy.copyRequestHeaders(in, out);
        applyEdits(call.headerEdits, out);
        sip.media.copyBody(call.caller, in, out);
        Capabilities.addTo(out, sip.headers, CallSetup.supports100rel(in));
        timers.offer(out);
        return out;
    }

    /** The routing rule's header edits (names it may not touch were refused when the rules were read). */
    private void applyEdits(org.opensbc.rules.model.HeaderEdits edits, Request out) throws ParseException {
        for (String name : edits.remove()) {
            out.removeHeader(name);
        }
        for (java.util.Map.Entry<String, String> add : edits.add().entrySet()) {
            out.setHeader(sip.headers.createHeader(add.getKey(), add.getValue()));
        }
    }

    /** The From of the outgoing leg: the caller's user at the gateway's host, nothing else of theirs. */
    private javax.sip.address.URI fromUri(Request in) throws ParseException {
        javax.sip.address.URI uri = ((FromHeader) in.getHeader(FromHeader.NAME)).getAddress().getURI();
        String user = uri instanceof SipURI s ? s.getUser() : null;
        return sip.addresses.createSipURI(user == null ? "anonymous" : user, sip.host);
    }
}

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
        Request in = call.caller.invite();
        Address from = sip.originator(in, target.hop());
        Request out = sip.messages.createRequest(target.requestUri(), Request.INVITE,
                sip.headers.createCallIdHeader(sip.newCallId()),
                sip.headers.createCSeqHeader(1L, Request.INVITE),
                sip.headers.createFromHeader(from, sip.newTag()),
                sip.headers.createToHeader(sip.addresses.createAddress(target.toUri()), null),
                List.of(sip.via(target.hop())),
                sip.headers.createMaxForwardsHeader(Capabilities.maxForwards(in) - 1));
        out.addHeader(sip.contact(target.hop()));
        sip.copyRequestHeaders(in, out);
        HeaderPolicy.applyEdits(call.headerEdits(), out, sip.headers);
        sip.media.copyBody(call.caller, in, out, target.hop());
        Capabilities.addTo(out, sip.headers, CallSetup.supports100rel(in));
        timers.offer(out);
        return out;
    }

}

package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.opensbc.core.call.StoredLeg;

/**
 * A BYE for a dialog the gateway knows only from its stored record (the process that held the
 * dialog is gone): Call-ID, tags, CSeq and route as RFC 3261 12.2.1.1 builds them for any request
 * inside a dialog.
 */
final class RecordedBye {

    private RecordedBye() {
    }

    /** @param via the gateway's Via towards the leg's next hop (the stack adds the branch) */
    static Request build(SipContext sip, StoredLeg leg, ViaHeader via) throws ParseException, InvalidArgumentException {
        List<Address> routes = new ArrayList<>(leg.routeSet().size() + 1);
        for (String route : leg.routeSet()) {
            routes.add(sip.addresses.createAddress(route));
        }
        URI target = sip.addresses.createURI(leg.remoteTarget());
        if (!routes.isEmpty() && isStrictRouter(routes.get(0))) {
            // RFC 3261 12.2.1.1: a strict router takes the Request-URI; the target goes last in the route
            routes.add(sip.addresses.createAddress(target));
            target = routes.remove(0).getURI();
        }
        Request bye = sip.messages.createRequest(target, Request.BYE,
                sip.headers.createCallIdHeader(leg.callId()),
                sip.headers.createCSeqHeader(leg.nextLocalCseq(), Request.BYE),
                sip.headers.createFromHeader(sip.addresses.createAddress(leg.localUri()), leg.localTag()),
                sip.headers.createToHeader(sip.addresses.createAddress(leg.remoteUri()), leg.remoteTag()),
                List.of(via), sip.headers.createMaxForwardsHeader(70));
        for (Address route : routes) {
            bye.addHeader(sip.headers.createRouteHeader(route)); // appended: the route keeps its order
        }
        return bye;
    }

    private static boolean isStrictRouter(Address route) {
        return route.getURI() instanceof SipURI uri && !uri.hasLrParam();
    }
}

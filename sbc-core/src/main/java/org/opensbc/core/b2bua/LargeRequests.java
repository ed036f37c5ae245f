package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * RFC 3261 section 18.1.1 for the INVITEs the gateway sends: one over the size limit goes over
 * TCP when the target is known to take TCP, and back over UDP when the TCP connect is refused.
 */
final class LargeRequests {

    private final SipContext sip;
    /** Bytes; 0 keeps every request on the transport its target was given. */
    private final int udpSizeLimit;

    LargeRequests(SipContext sip, int udpSizeLimit) {
        this.sip = sip;
        this.udpSizeLimit = udpSizeLimit;
    }

    /**
     * The hop for {@code out}: {@code hop} itself, or the same target over TCP when the request
     * is over the limit, the target takes TCP and the gateway listens on TCP (then the Via and
     * Contact of {@code out} say TCP too).
     */
    NextHop transportFor(Request out, NextHop hop, boolean tcpCapable) throws ParseException, InvalidArgumentException {
        if (udpSizeLimit == 0 || !"UDP".equals(hop.transport()) || !tcpCapable || !sip.hasTransport("TCP")
                || out.toString().length() <= udpSizeLimit) {
            return hop;
        }
        NextHop tcp = hop.withTransport("TCP");
        useTransport(out, tcp);
        return tcp;
    }

    /** Our Via and Contact on {@code out} for {@code hop}'s transport. */
    void useTransport(Request out, NextHop hop) throws ParseException, InvalidArgumentException {
        out.removeHeader(ViaHeader.NAME);
        out.addHeader(sip.via(hop));
        out.removeHeader(ContactHeader.NAME);
        out.addHeader(sip.contact(hop));
    }

    /**
     * The stack's own 503 for a request it could not deliver (JAIN-SIP reports a failed TCP
     * connect this way): no To tag, and its fixed reason phrase.
     */
    static boolean isLocalTransportError(Response response) {
        return response.getStatusCode() == Response.SERVICE_UNAVAILABLE
                && ((ToHeader) response.getHeader(ToHeader.NAME)).getTag() == null
                && "Transport error sending request.".equals(response.getReasonPhrase());
    }
}

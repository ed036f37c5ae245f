package org.opensbc.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import java.util.ListIterator;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;

/**
 * RFC 3261 routing, plus one thing the gateway needs: a request can carry the exact address to
 * send it to (a NAT alias, a WebSocket flow) without any Route header that the peer would see.
 * Instantiated by JAIN-SIP by class name (javax.sip.ROUTER_PATH).
 */
public final class NextHopRouter implements Router {

    private final DefaultRouter standard;

    public NextHopRouter(SipStack stack, String outboundProxy) {
        this.standard = new DefaultRouter(stack, outboundProxy);
    }

    /** Sends {@code request} to host:port over {@code transport}, whatever its URI and Route say. */
    public static void forceNextHop(Request request, String host, int port, String transport) {
        ((SIPRequest) request).setApplicationData(new HopImpl(host, port, transport));
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        if (request instanceof SIPRequest sip && sip.getApplicationData() instanceof Hop forced) {
            return forced;
        }
        return standard.getNextHop(request);
    }

    @Override
    @Deprecated
    public ListIterator getNextHops(Request request) {
        return standard.getNextHops(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return standard.getOutboundProxy();
    }
}

package org.opensbc.core.b2bua;

import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import org.opensbc.core.net.IpLiteral;
import org.opensbc.sip.NextHopRouter;

/**
 * Where requests to one peer are sent, whatever their Request-URI says: a NAT alias, a WebSocket
 * flow, a trunk's address, or the address in a reachable Contact.
 */
record NextHop(String transport, String host, int port) {

    /** One spelling per address ("::1", never "[::1]" or "0:0:0:0:0:0:0:1"), so keys compare equal. */
    NextHop {
        host = IpLiteral.canonical(host);
    }

    /** Parses the "UDP:192.0.2.1:5060" form that bindings and flow keys use (IPv6 hosts too). */
    static NextHop parse(String key) {
        int first = key.indexOf(':');
        int last = key.lastIndexOf(':');
        if (first < 0 || last <= first) {
            throw new IllegalArgumentException("not a transport:host:port key: " + key);
        }
        return new NextHop(key.substring(0, first).toUpperCase(Locale.ROOT), key.substring(first + 1, last),
                Integer.parseInt(key.substring(last + 1)));
    }

    /** The host, port and transport a SIP URI designates (no DNS: an address or a resolvable name). */
    static NextHop of(SipURI uri) {
        String transport = uri.getTransportParam() != null ? uri.getTransportParam().toUpperCase(Locale.ROOT)
                : uri.isSecure() ? "TLS" : "UDP";
        int port = uri.getPort() > 0 ? uri.getPort() : ("TLS".equals(transport) ? 5061 : 5060);
        return new NextHop(transport, uri.getHost(), port);
    }

    NextHop withTransport(String other) {
        return new NextHop(other, host, port);
    }

    /** True when the peer is at an IPv6 address (it is given the gateway's IPv6 one). */
    boolean isIpv6() {
        return IpLiteral.isIpv6(host);
    }

    boolean isWebSocket() {
        return "WS".equals(transport) || "WSS".equals(transport);
    }

    /** Makes the stack send {@code request} here; to be called before its transaction is created. */
    void applyTo(Request request) {
        NextHopRouter.forceNextHop(request, host, port, transport.toLowerCase(Locale.ROOT));
    }

    /** "UDP:192.0.2.1:5060", "UDP:2001:db8::1:5060": the form bindings and flow keys use. */
    String key() {
        return transport + ":" + host + ":" + port;
    }
}

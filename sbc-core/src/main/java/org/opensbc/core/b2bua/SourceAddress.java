package org.opensbc.core.b2bua;

import java.util.Locale;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.opensbc.core.net.IpLiteral;

/**
 * Where a request really came from, read from its top Via after the stack stamped received and
 * rport on it (RFC 3581): the address NAT shows us, not the one the client believes it has.
 */
record SourceAddress(String transport, String host, int port) {

    static SourceAddress of(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String host = via.getReceived() != null ? via.getReceived() : via.getHost();
        int port = via.getRPort() > 0 ? via.getRPort() : (via.getPort() > 0 ? via.getPort() : 5060);
        // JAIN-SIP stamps an IPv6 source as received=0:0:0:0:0:0:0:1, a Via host comes as [::1]
        return new SourceAddress(via.getTransport().toUpperCase(Locale.ROOT), IpLiteral.canonical(host), port);
    }

    boolean isWebSocket() {
        return "WS".equals(transport) || "WSS".equals(transport);
    }

    /** "UDP:192.0.2.1:5060", the form bindings and flow keys use. */
    String key() {
        return transport + ":" + host + ":" + port;
    }
}

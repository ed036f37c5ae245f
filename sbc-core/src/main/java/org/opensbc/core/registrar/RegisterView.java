package org.opensbc.core.registrar;

import java.util.List;
import org.opensbc.core.auth.DigestCredentials;
import org.opensbc.core.net.NatDetection;

/**
 * A REGISTER as {@link RegisterPolicy} reads it, before anything is decided: taken apart by the
 * SIP adapter, free of any SIP stack type.
 *
 * @param toUser           the To URI's user, or null when To is not a SIP URI with a user
 * @param toHost           the To URI's host (the domain registered at)
 * @param credentials      the Authorization for the gateway's realm, or null when there is none
 * @param source           where the request came from
 * @param callId           Call-ID
 * @param cseq             CSeq number
 * @param branch           top Via branch
 * @param expiresHeader    Expires header value, or -1 when absent
 * @param wildcard         a Contact: * was given
 * @param contacts         the other Contacts, or null when one is not a SIP URI or has a bad reg-id
 * @param nat              per Contact, in order, what tells whether the client is behind NAT
 *                         (source, Via and that Contact's address)
 * @param supportsOutbound Supported lists "outbound" (RFC 5626)
 */
public record RegisterView(String toUser, String toHost, DigestCredentials credentials, Source source, String callId,
        long cseq, String branch, int expiresHeader, boolean wildcard, List<ContactSpec> contacts,
        List<NatDetection.Facts> nat, boolean supportsOutbound) {

    /**
     * Where a REGISTER came from.
     *
     * @param transport UDP, TCP, TLS, WS or WSS
     * @param host      source IP, for failure counting and bans
     * @param key       the flow key bindings use ("UDP:ip:port")
     * @param webSocket it came over a WebSocket: bindings die with that connection
     */
    public record Source(String transport, String host, String key, boolean webSocket) { }

    /** Call-ID, CSeq and top Via branch: equal for a request and its retransmissions only. */
    public String identity() {
        return callId + "|" + cseq + "|" + branch;
    }
}

package org.opensbc.core.registrar;

import java.util.List;

/**
 * A REGISTER as the registrar needs it, free of any SIP stack type.
 *
 * @param aor            address of record, "user@domain"
 * @param wildcard       Contact: *
 * @param expiresHeader  Expires header value, or -1 when absent
 * @param route          where requests for these contacts must really go: "UDP:ip:port" of the
 *                       source when it differs from the contact (NAT alias), or null
 * @param flow           the connection the REGISTER came on when bindings must die with it
 *                       (WebSocket), or null
 * @param natReason      why the client is reached at {@code route} or its flow instead of its
 *                       Contact (behind NAT, connection-oriented), or null: the Contact is right
 * @param branch         top Via branch: with Call-ID and CSeq it tells a retransmission
 */
public record RegisterRequest(String aor, String callId, long cseq, boolean wildcard, int expiresHeader,
        List<ContactSpec> contacts, String route, String flow, String natReason, String branch) {
}

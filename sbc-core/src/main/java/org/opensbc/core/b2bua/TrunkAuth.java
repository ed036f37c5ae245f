package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.trunk.TrunkCredentials;
import org.opensbc.rules.model.TrunkSpec;

/**
 * Requests the gateway sends to a trunk with an account (digest credentials) answer its 401 or
 * 407 once: the same request again, next CSeq, new branch, with the credentials. The digest is
 * {@link TrunkCredentials}'s; this only reads the challenge off the response and rewrites the request.
 */
final class TrunkAuth {

    private final SipContext sip;

    TrunkAuth(SipContext sip) {
        this.sip = sip;
    }

    /** The value of the challenge header of a 401/407 ("Digest realm=..."), or null when it has none. */
    static String challenge(Response response) {
        Header header = response.getHeader(TrunkCredentials.challengeHeader(response.getStatusCode()));
        if (header == null) {
            return null;
        }
        String text = header.toString();
        return text.substring(text.indexOf(':') + 1).trim();
    }

    /**
     * The request to send instead of {@code sent}, answering the challenge in {@code challenge}, or
     * null when there is nothing to answer with (no account, a challenge we cannot meet).
     */
    Request answer(Request sent, Response challenge, TrunkSpec.Digest account)
            throws ParseException, InvalidArgumentException {
        if (account == null) {
            return null;
        }
        TrunkCredentials.Credentials credentials = TrunkCredentials.answer(challenge.getStatusCode(),
                challenge(challenge), sent.getMethod(), sent.getRequestURI().toString(), account);
        return credentials == null ? null : resend(sent, credentials);
    }

    /** {@code sent} again with {@code credentials}: next CSeq, and no branch, so a new transaction. */
    Request resend(Request sent, TrunkCredentials.Credentials credentials)
            throws ParseException, InvalidArgumentException {
        Request again = (Request) sent.clone();
        again.removeHeader(AuthorizationHeader.NAME);
        again.removeHeader(ProxyAuthorizationHeader.NAME);
        again.setHeader(sip.headers.createHeader(credentials.headerName(), credentials.value()));
        CSeqHeader cseq = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        ViaHeader via = (ViaHeader) again.getHeader(ViaHeader.NAME);
        // the same sent-by (the gateway's address of the trunk's family) without the branch: a
        // new transaction, the stack gives it a new one
        ViaHeader fresh = sip.headers.createViaHeader(via.getHost(), via.getPort(), via.getTransport(), null);
        fresh.setRPort();
        again.setHeader(fresh);
        return again;
    }
}

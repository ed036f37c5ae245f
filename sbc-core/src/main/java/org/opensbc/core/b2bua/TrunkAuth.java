package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.auth.DigestAnswer;
import org.opensbc.rules.model.TrunkSpec;

/**
 * Requests the gateway sends to a trunk with an account (digest credentials) answer its 401 or
 * 407 once: the same request again, next CSeq, new branch, with the credentials.
 */
final class TrunkAuth {

    private final SipContext sip;

    TrunkAuth(SipContext sip) {
        this.sip = sip;
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
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        javax.sip.header.Header header = challenge.getHeader(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        if (header == null) {
            return null;
        }
        String text = header.toString();
        String value = text.substring(text.indexOf(':') + 1).trim();
        String authorization = DigestAnswer.answer(value, sent.getMethod(), sent.getRequestURI().toString(),
                account.username(), account.password(), account.realm());
        if (authorization == null) {
            return null;
        }
        Request again = (Request) sent.clone();
        again.removeHeader(AuthorizationHeader.NAME);
        again.removeHeader(ProxyAuthorizationHeader.NAME);
        again.setHeader(sip.headers.createHeader(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME,
                authorization));
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

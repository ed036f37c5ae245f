package org.opensbc.core.trunk;

import org.opensbc.core.auth.DigestAnswer;
import org.opensbc.rules.model.TrunkSpec;

/**
 * The gateway as a trunk's digest client: which header carries a challenge, and the header that
 * answers it with the trunk's account. Fed the challenge's fields only; no SIP stack types.
 */
public final class TrunkCredentials {

    /** The header that answers a challenge: its name ("Authorization" / "Proxy-Authorization") and value. */
    public record Credentials(String headerName, String value) { }

    private TrunkCredentials() {
    }

    /** A 407 carries Proxy-Authenticate; a 401 (and anything else) WWW-Authenticate. */
    public static String challengeHeader(int status) {
        return status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
    }

    /**
     * @param status    the challenging response's status (407: proxy credentials)
     * @param challenge the challenge header's value ("Digest realm=..."), or null when the response had none
     * @param method    the challenged request's method
     * @param uri       the challenged request's Request-URI, as it went on the wire
     * @param account   the trunk's account, or null when it has none
     * @return the credentials to send again with, or null when there is nothing to answer with
     *         (no account, no challenge, a challenge this cannot meet)
     */
    public static Credentials answer(int status, String challenge, String method, String uri, TrunkSpec.Digest account) {
        if (account == null || challenge == null) {
            return null;
        }
        String value = DigestAnswer.answer(challenge, method, uri, account.username(), account.password(),
                account.realm());
        if (value == null) {
            return null;
        }
        return new Credentials(status == 407 ? "Proxy-Authorization" : "Authorization", value);
    }
}

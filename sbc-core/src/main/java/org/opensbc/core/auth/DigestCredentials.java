package org.opensbc.core.auth;

/** The fields of an Authorization header that digest verification needs (RFC 2617 / 3261 22.4). */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
        String algorithm, String qop, String nonceCount, String cnonce) {
}

package org.opensbc.core.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * Verifies digest credentials (MD5, qop=auth) against the user directory and the nonce service,
 * and tracks failures per source. Unknown users and wrong passwords are one outcome, so the
 * challenge never tells whether a user exists.
 */
public final class DigestAuthenticator {

    /** The outcome of one check. */
    public enum Outcome {
        /** Credentials are right. */
        ACCEPTED,
        /** No usable credentials yet, or a stale nonce: challenge (stale flag from {@link Result#stale}). */
        CHALLENGE,
        /** Wrong credentials: challenge again and count a failure. */
        REJECTED
    }

    /** @param stale true when the nonce was ours but expired (challenge with stale=true) */
    public record Result(Outcome outcome, boolean stale, boolean banStarted) { }

    private final UserDirectory users;
    private final NonceService nonces;
    private final AuthFailureTracker failures;

    public DigestAuthenticator(UserDirectory users, NonceService nonces, AuthFailureTracker failures) {
        this.users = users;
        this.nonces = nonces;
        this.failures = failures;
    }

    public String realm() {
        return users.realm();
    }

    /** @param requestIdentity Call-ID, CSeq and top Via branch of the request being challenged */
    public String newNonce(String requestIdentity) {
        return nonces.issue(requestIdentity);
    }

    /**
     * @param credentials credentials for our realm, or null when the request had none
     * @param method      the request method (part of HA2)
     * @param source      source address, for failure counting
     * @param requestHash hash of Call-ID, CSeq and branch: a retransmission may reuse its nonce-count
     */
    public Result verify(DigestCredentials credentials, String method, String source, int requestHash) {
        if (credentials == null) {
            return new Result(Outcome.CHALLENGE, false, false);
        }
        if (credentials.algorithm() != null && !"MD5".equalsIgnoreCase(credentials.algorithm())) {
            return reject(source);
        }
        if (credentials.qop() != null && !"auth".equalsIgnoreCase(credentials.qop())) {
            return reject(source);
        }
        NonceService.Verdict verdict = nonces.check(credentials.nonce(),
                credentials.qop() == null ? null : credentials.nonceCount(), requestHash);
        if (verdict == NonceService.Verdict.STALE) {
            return new Result(Outcome.CHALLENGE, true, false);
        }
        String ha1 = users.ha1(credentials.username());
        if (ha1 == null || !matches(ha1, credentials, method)) {
            return reject(source);
        }
        if (verdict != NonceService.Verdict.VALID) {
            // Computed with the right password over a nonce that is used up (SIP.js refreshes with
            // the last Authorization it sent) or not ours any more (issued before a restart): a
            // fresh challenge, as for a stale nonce, and no failure counted. A password guess
            // never gets here; a captured request replayed gets nothing but that challenge.
            return new Result(Outcome.CHALLENGE, true, false);
        }
        failures.recordSuccess(source);
        return new Result(Outcome.ACCEPTED, false, false);
    }

    private Result reject(String source) {
        return new Result(Outcome.REJECTED, false, failures.recordFailure(source));
    }

    static boolean matches(String ha1, DigestCredentials c, String method) {
        if (c.response() == null || c.uri() == null) {
            return false;
        }
        String ha2 = Md5.hex(method + ":" + c.uri());
        String expected = c.qop() == null
                ? Md5.hex(ha1 + ":" + c.nonce() + ":" + ha2)
                : Md5.hex(ha1 + ":" + c.nonce() + ":" + c.nonceCount() + ":" + c.cnonce() + ":" + c.qop() + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.response().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}

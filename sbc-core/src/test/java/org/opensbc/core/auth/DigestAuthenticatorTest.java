package org.opensbc.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(clock, Duration.ofSeconds(60));
    private final AuthFailureTracker failures = new AuthFailureTracker(clock, 3, Duration.ofSeconds(60), Duration.ofSeconds(60));
    private final DigestAuthenticator auth = new DigestAuthenticator(
            new UserDirectory("sbc", Map.of("alice", Md5.ha1("alice", "sbc", "secret-pass"))), nonces, failures);

    /** RFC 2617 section 3.5's worked example. */
    @Test
    void knownAnswerFromRfc2617() {
        String ha1 = Md5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        DigestCredentials c = new DigestCredentials("Mufasa", "testrealm@host.com",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "/dir/index.html", "6629fae49393a05397450978507c4ef1",
                null, "auth", "00000001", "0a4f113b");
        assertTrue(DigestAuthenticator.matches(ha1, c, "GET"));
        assertFalse(DigestAuthenticator.matches(ha1, c, "POST"));
    }

    private DigestCredentials answer(String user, String password, String nonce, String nc) {
        String ha1 = Md5.ha1(user, "sbc", password);
        String response = Md5.hex(ha1 + ":" + nonce + ":" + nc + ":cn:auth:" + Md5.hex("REGISTER:sip:sbc"));
        return new DigestCredentials(user, "sbc", nonce, "sip:sbc", response, "MD5", "auth", nc, "cn");
    }

    @Test
    void rightPasswordIsAcceptedWrongOneAndUnknownUserLookAlike() {
        assertEquals(DigestAuthenticator.Outcome.ACCEPTED,
                auth.verify(answer("alice", "secret-pass", auth.newNonce("req-1"), "00000001"), "REGISTER", "192.0.2.1", 0).outcome());
        assertEquals(DigestAuthenticator.Outcome.REJECTED,
                auth.verify(answer("alice", "wrong", auth.newNonce("req-2"), "00000001"), "REGISTER", "192.0.2.1", 0).outcome());
        assertEquals(DigestAuthenticator.Outcome.REJECTED,
                auth.verify(answer("nobody", "wrong", auth.newNonce("req-3"), "00000001"), "REGISTER", "192.0.2.1", 0).outcome());
    }

    @Test
    void staleNonceIsChallengedWithStaleNotCountedAsFailure() {
        String nonce = auth.newNonce("req-4");
        clock.advance(Duration.ofSeconds(61));
        DigestAuthenticator.Result r = auth.verify(answer("alice", "secret-pass", nonce, "00000001"), "REGISTER", "192.0.2.9", 0);
        assertEquals(DigestAuthenticator.Outcome.CHALLENGE, r.outcome());
        assertTrue(r.stale());
        assertFalse(failures.isBanned("192.0.2.9"));
    }

    /** SIP.js sends its last Authorization again with each refresh: a new challenge, never a failure. */
    @Test
    void replayedOrForeignNoncesWithTheRightPasswordAreChallengedNotCounted() {
        String nonce = auth.newNonce("req-7");
        DigestCredentials first = answer("alice", "secret-pass", nonce, "00000001");
        assertEquals(DigestAuthenticator.Outcome.ACCEPTED, auth.verify(first, "REGISTER", "192.0.2.7", 11).outcome());
        for (int refresh = 0; refresh < 5; refresh++) {
            DigestAuthenticator.Result again = auth.verify(first, "REGISTER", "192.0.2.7", 12 + refresh);
            assertEquals(DigestAuthenticator.Outcome.CHALLENGE, again.outcome(), "a replayed count is never accepted");
            assertTrue(again.stale());
        }
        DigestAuthenticator.Result foreign = auth.verify(answer("alice", "secret-pass", "not-our-nonce", "00000001"),
                "REGISTER", "192.0.2.7", 20);
        assertEquals(DigestAuthenticator.Outcome.CHALLENGE, foreign.outcome(), "a nonce of a previous run");
        assertFalse(failures.isBanned("192.0.2.7"), "five refreshes and a restart are no attack");
        DigestAuthenticator.Result guess = auth.verify(answer("alice", "guess", nonce, "00000002"), "REGISTER", "192.0.2.7", 21);
        assertEquals(DigestAuthenticator.Outcome.REJECTED, guess.outcome());
    }

    @Test
    void thirdFailureBansTheSourceOnly() {
        for (int i = 0; i < 2; i++) {
            assertFalse(auth.verify(answer("alice", "x", auth.newNonce("req-5"), "00000001"), "REGISTER", "192.0.2.2", 0).banStarted());
        }
        assertTrue(auth.verify(answer("alice", "x", auth.newNonce("req-6"), "00000001"), "REGISTER", "192.0.2.2", 0).banStarted());
        assertTrue(failures.isBanned("192.0.2.2"));
        assertFalse(failures.isBanned("192.0.2.3"));
        clock.advance(Duration.ofSeconds(61));
        assertFalse(failures.isBanned("192.0.2.2"), "bans end");
    }
}

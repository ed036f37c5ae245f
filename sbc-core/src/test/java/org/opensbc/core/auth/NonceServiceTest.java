package org.opensbc.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(clock, Duration.ofSeconds(300));

    @Test
    void freshNonceIsValidOnceperCount() {
        String n = nonces.issue("req-1");
        assertEquals(NonceService.Verdict.VALID, nonces.check(n, "00000001"));
        assertEquals(NonceService.Verdict.REPLAYED, nonces.check(n, "00000001"));
        assertEquals(NonceService.Verdict.VALID, nonces.check(n, "00000002"));
        assertEquals(NonceService.Verdict.REPLAYED, nonces.check(n, "00000002"));
    }

    @Test
    void noncesIssuedInTheSameMillisecondDiffer() {
        String a = nonces.issue("req-2");
        String b = nonces.issue("req-3");
        assertEquals(false, a.equals(b));
        assertEquals(NonceService.Verdict.VALID, nonces.check(a, "00000001"));
        assertEquals(NonceService.Verdict.VALID, nonces.check(b, "00000001"), "another client's nc=1 is no replay");
    }

    @Test
    void aRetransmittedRequestGetsTheSameNonce() {
        assertEquals(nonces.issue("call-1|1|z9hG4bK1"), nonces.issue("call-1|1|z9hG4bK1"));
    }

    @Test
    void theSameRequestMayReuseItsCountAnotherMayNot() {
        String n = nonces.issue("req-r");
        assertEquals(NonceService.Verdict.VALID, nonces.check(n, "00000001", 42));
        assertEquals(NonceService.Verdict.VALID, nonces.check(n, "00000001", 42), "retransmission");
        assertEquals(NonceService.Verdict.REPLAYED, nonces.check(n, "00000001", 43), "another request");
    }

    @Test
    void oldNonceIsStale() {
        String n = nonces.issue("req-4");
        clock.advance(Duration.ofSeconds(301));
        assertEquals(NonceService.Verdict.STALE, nonces.check(n, "00000001"));
    }

    @Test
    void forgedOrForeignNoncesAreInvalid() {
        assertEquals(NonceService.Verdict.INVALID, nonces.check("not-base64!!", "00000001"));
        assertEquals(NonceService.Verdict.INVALID, nonces.check("A".repeat(43), "00000001"));
        String other = new NonceService(clock, Duration.ofSeconds(300)).issue("req-x");
        assertEquals(NonceService.Verdict.INVALID, nonces.check(other, "00000001"));
        assertEquals(NonceService.Verdict.INVALID, nonces.check(nonces.issue("req-5"), "zz"));
    }

    @Test
    void purgeForgetsCountsOfExpiredNonces() {
        nonces.check(nonces.issue("req-6"), "00000001");
        assertEquals(1, nonces.trackedNonces());
        clock.advance(Duration.ofSeconds(301));
        nonces.purgeExpired();
        assertEquals(0, nonces.trackedNonces());
    }
}

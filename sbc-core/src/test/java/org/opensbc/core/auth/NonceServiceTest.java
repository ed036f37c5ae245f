package org.opensbc.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(clock, Duration.ofSeconds(300));

    @Test
    void freshNonceIsValidOnceperCount() {
        String n = nonces.issue();
        assertEquals(NonceService.Verdict.VALID, nonces.check(n, "00000001"));
        assertEquals(NonceService.Verdict.REPLAYED, nonces.check(n, "00000001"));
        assertEquals(NonceService.Verdict.VALID, nonces.check(n, "00000002"));
        assertEquals(NonceService.Verdict.REPLAYED, nonces.check(n, "00000002"));
    }

    @Test
    void oldNonceIsStale() {
        String n = nonces.issue();
        clock.advance(Duration.ofSeconds(301));
        assertEquals(NonceService.Verdict.STALE, nonces.check(n, "00000001"));
    }

    @Test
    void forgedOrForeignNoncesAreInvalid() {
        assertEquals(NonceService.Verdict.INVALID, nonces.check("not-base64!!", "00000001"));
        assertEquals(NonceService.Verdict.INVALID, nonces.check("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "00000001"));
        String other = new NonceService(clock, Duration.ofSeconds(300)).issue();
        assertEquals(NonceService.Verdict.INVALID, nonces.check(other, "00000001"));
        assertEquals(NonceService.Verdict.INVALID, nonces.check(nonces.issue(), "zz"));
    }

    @Test
    void purgeForgetsCountsOfExpiredNonces() {
        nonces.check(nonces.issue(), "00000001");
        assertEquals(1, nonces.trackedNonces());
        clock.advance(Duration.ofSeconds(301));
        nonces.purgeExpired();
        assertEquals(0, nonces.trackedNonces());
    }
}

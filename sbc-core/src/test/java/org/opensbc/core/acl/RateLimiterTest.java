package org.opensbc.core.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.opensbc.rules.acl.AclPolicy;

/** Token buckets per source: bursts pass, a flood is banned for a while, others are untouched. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(now::get);
    private final AclPolicy.RateLimit limit = new AclPolicy.RateLimit(10, 20, 30);

    @Test
    void aBurstPassesThenTheSourceIsBannedForItsTime() {
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.admit("198.51.100.7", limit), "request " + i + " of the burst");
        }
        assertFalse(limiter.admit("198.51.100.7", limit), "the bucket is empty: banned");
        assertTrue(limiter.admit("198.51.100.8", limit), "another source is untouched");
        now.addAndGet(29_000_000_000L);
        assertFalse(limiter.admit("198.51.100.7", limit), "still banned after 29 s");
        now.addAndGet(2_000_000_000L);
        assertTrue(limiter.admit("198.51.100.7", limit), "free again after 30 s, with a full bucket");
    }

    @Test
    void aBanIsToldOnceWhenItStartsAndARestoredOneHolds() throws Exception {
        java.util.List<String> told = new java.util.ArrayList<>();
        limiter.setListener((source, millis) -> told.add(source + " " + millis));
        for (int i = 0; i < 25; i++) { // the burst, then four datagrams while banned
            limiter.admit("198.51.100.7", limit);
        }
        assertEquals(java.util.List.of("198.51.100.7 30000"), told, "once, with the ban's length");
        assertTrue(limiter.isBanned(InetAddress.getByName("198.51.100.7")), "in force when told");

        RateLimiter next = new RateLimiter(now::get);
        next.restoreBan(InetAddress.getByName("198.51.100.7"), 10_000);
        assertFalse(next.admit("198.51.100.7", limit), "a ban read back holds");
        now.addAndGet(11_000_000_000L);
        assertTrue(next.admit("198.51.100.7", limit), "for its time only");
    }

    @Test
    void aSteadySourceAtItsRateIsNeverBanned() {
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.admit("198.51.100.7", limit), "request " + i);
            now.addAndGet(100_000_000L); // 10 per second
        }
        assertEquals(0, limiter.bannedSources());
    }

    @Test
    void purgeForgetsExpiredBans() {
        for (int i = 0; i < 21; i++) {
            limiter.admit("198.51.100.7", limit);
        }
        assertEquals(1, limiter.bannedSources());
        now.addAndGet(31_000_000_000L);
        limiter.purge(limit);
        assertEquals(0, limiter.bannedSources());
    }

    @Test
    void noLimitWhenTheRateIsZero() {
        AclPolicy.RateLimit off = new AclPolicy.RateLimit(0, 1, 30);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.admit("198.51.100.7", off));
        }
    }

    @Test
    void aSourceOverHalfItsBurstIsOverItsRateThenBanned() throws Exception {
        InetAddress source = InetAddress.getByName("198.51.100.7");
        for (int i = 0; i < 10; i++) {
            assertEquals(RateLimiter.Rate.WITHIN, limiter.meter(source, limit), "request " + i + ": half the burst");
        }
        for (int i = 10; i < 20; i++) {
            assertEquals(RateLimiter.Rate.OVER, limiter.meter(source, limit), "request " + i + ": the rest of it");
        }
        assertEquals(RateLimiter.Rate.BANNED, limiter.meter(source, limit));
        assertEquals(30, limiter.banSecondsLeft(source));
        now.addAndGet(20_500_000_000L);
        assertEquals(10, limiter.banSecondsLeft(source), "rounded up");
        assertFalse(limiter.admit("198.51.100.7", limit), "the same ban, by text");
    }

    @Test
    void lookingAtABanTakesNoToken() throws Exception {
        InetAddress source = InetAddress.getByName("2001:db8::7");
        for (int i = 0; i < 100; i++) {
            assertFalse(limiter.isBanned(source));
        }
        assertEquals(RateLimiter.Rate.WITHIN, limiter.meter(source, limit), "the bucket is still full");
        assertEquals(0, limiter.banSecondsLeft(source));
    }

    @Test
    void aSourceBackToItsRateIsWithinItAgain() throws Exception {
        InetAddress source = InetAddress.getByName("198.51.100.9");
        for (int i = 0; i < 15; i++) {
            limiter.meter(source, limit);
        }
        assertEquals(RateLimiter.Rate.OVER, limiter.meter(source, limit));
        now.addAndGet(1_000_000_000L); // 10 tokens back
        assertEquals(RateLimiter.Rate.WITHIN, limiter.meter(source, limit));
    }

    @Test
    void aBanEndingWhileItsSourceStillFloodsIsRenewedWithoutAFreshBurst() throws Exception {
        InetAddress source = InetAddress.getByName("198.51.100.7");
        for (int i = 0; i < 21; i++) {
            limiter.meter(source, limit);
        }
        for (int i = 0; i < 300; i++) { // 10/s for 30 s: its rate, not over it
            limiter.meter(source, limit);
        }
        now.addAndGet(30_000_000_000L);
        assertEquals(RateLimiter.Rate.WITHIN, limiter.meter(source, limit), "a source back to its rate is free");

        for (int i = 0; i < 20; i++) {
            limiter.meter(source, limit);
        }
        assertEquals(RateLimiter.Rate.BANNED, limiter.meter(source, limit), "banned again");
        for (int i = 0; i < 301; i++) { // over 10/s during the ban
            assertEquals(RateLimiter.Rate.BANNED, limiter.meter(source, limit));
        }
        now.addAndGet(30_000_000_000L);
        assertEquals(RateLimiter.Rate.BANNED, limiter.meter(source, limit), "still flooding: no fresh burst");
        assertEquals(30, limiter.banSecondsLeft(source));
        now.addAndGet(30_000_000_000L);
        assertEquals(RateLimiter.Rate.WITHIN, limiter.meter(source, limit), "quiet for a whole ban: free");
    }

    @Test
    void purgeRenewsTheBanOfASourceThatKeptFlooding() throws Exception {
        InetAddress flooder = InetAddress.getByName("198.51.100.7");
        InetAddress quiet = InetAddress.getByName("198.51.100.8");
        for (int i = 0; i < 21; i++) {
            limiter.meter(flooder, limit);
            limiter.meter(quiet, limit);
        }
        for (int i = 0; i < 1000; i++) {
            limiter.meter(flooder, limit);
        }
        now.addAndGet(31_000_000_000L);
        limiter.purge(limit);
        assertEquals(1, limiter.bannedSources());
        assertTrue(limiter.isBanned(flooder));
        assertFalse(limiter.isBanned(quiet));
    }
}

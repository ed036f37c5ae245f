package org.opensbc.sip.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lines per interval are capped; the held-back ones are counted and reported once. */
class LogThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong();
    private final LogThrottle throttle = new LogThrottle(3, 10, now::get);

    @Test
    void aFloodOfLinesIsCutToTheCapAndCounted() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.admit(), "line " + i + " is written");
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(-1, throttle.admit(), "held back");
        }
        assertEquals(0, throttle.takeHeldBack(), "not reported while its interval runs");
        now.addAndGet(10 * SECOND);
        assertEquals(1000, throttle.admit(), "the next line written reports them");
        assertEquals(0, throttle.admit());
        assertEquals(1000, throttle.suppressedTotal());
    }

    @Test
    void heldBackLinesAreReportedWhenTheFloodStops() {
        for (int i = 0; i < 10; i++) {
            throttle.admit();
        }
        now.addAndGet(10 * SECOND);
        assertEquals(7, throttle.takeHeldBack());
        assertEquals(0, throttle.takeHeldBack(), "reported once");
        assertEquals(0, throttle.admit(), "a new interval: written, nothing to report");
    }
}

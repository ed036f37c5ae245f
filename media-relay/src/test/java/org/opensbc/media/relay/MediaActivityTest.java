package org.opensbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The media timeout's bookkeeping, on a clock the test moves. */
class MediaActivityTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long TIMEOUT = 30 * SECOND;
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final MediaActivity activity = new MediaActivity(timeouts::incrementAndGet);

    @Test
    void aCallNotYetAnsweredNeverTimesOut() {
        for (long t = 0; t <= 2 * TIMEOUT; t += SECOND) {
            activity.check(t, TIMEOUT, received::get);
        }
        assertEquals(0, timeouts.get());
    }

    @Test
    void quietForTheTimeoutAfterTheAnswerRunsTheListenerOnce() {
        activity.answered();
        activity.check(0, TIMEOUT, received::get);
        activity.check(TIMEOUT - 1, TIMEOUT, received::get);
        assertEquals(0, timeouts.get(), "not quiet long enough yet");
        activity.check(TIMEOUT, TIMEOUT, received::get);
        activity.check(TIMEOUT + SECOND, TIMEOUT, received::get);
        assertEquals(1, timeouts.get());
    }

    @Test
    void anyPacketRestartsTheQuietPeriod() {
        activity.answered();
        activity.check(0, TIMEOUT, received::get);
        received.incrementAndGet();
        activity.check(20 * SECOND, TIMEOUT, received::get);
        activity.check(20 * SECOND + TIMEOUT - 1, TIMEOUT, received::get);
        assertEquals(0, timeouts.get());
        activity.check(20 * SECOND + TIMEOUT, TIMEOUT, received::get);
        assertEquals(1, timeouts.get());
    }
}

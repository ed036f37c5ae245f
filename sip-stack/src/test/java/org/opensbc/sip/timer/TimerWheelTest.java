package org.opensbc.sip.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

    private final TimerWheel wheel = new TimerWheel("test-wheel", 10, 8);

    @AfterEach
    void stop() {
        wheel.stop();
    }

    @Test
    void runsATaskNoEarlierThanItsDelayAcrossSeveralTurns() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long[] at = new long[1];
        long start = System.nanoTime();
        wheel.schedule(() -> { at[0] = System.nanoTime(); ran.countDown(); }, 250); // 8 buckets x 10 ms: 3 turns
        assertTrue(ran.await(2, TimeUnit.SECONDS));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(at[0] - start);
        assertTrue(elapsedMs >= 250, "ran after " + elapsedMs + " ms");
    }

    @Test
    void aCancelledTaskNeverRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        TimerWheel.Entry entry = wheel.schedule(runs::incrementAndGet, 50);
        entry.cancel();
        CountDownLatch later = new CountDownLatch(1);
        wheel.schedule(later::countDown, 150);
        assertTrue(later.await(2, TimeUnit.SECONDS));
        assertEquals(0, runs.get());
    }

    @Test
    void aFailingTaskDoesNotStopTheWheel() throws InterruptedException {
        wheel.schedule(() -> { throw new IllegalStateException("boom"); }, 0);
        CountDownLatch after = new CountDownLatch(1);
        wheel.schedule(after::countDown, 30);
        assertTrue(after.await(2, TimeUnit.SECONDS));
    }

    @Test
    void refusesWorkOnceStopped() {
        wheel.stop();
        assertFalse(wheel.isRunning());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> wheel.schedule(() -> { }, 1));
    }
}

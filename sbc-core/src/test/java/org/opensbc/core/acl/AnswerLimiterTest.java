package org.opensbc.core.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One answer a second per source, bounded memory. */
class AnswerLimiterTest {

    private final AtomicLong now = new AtomicLong(7_000_000_000L);
    private final AnswerLimiter<String> answers = new AnswerLimiter<>(now::get, 1000, 3);

    @Test
    void oncePerSecondPerSource() {
        assertTrue(answers.tryAcquire("198.51.100.7"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(answers.tryAcquire("198.51.100.7"), "the same second");
        }
        assertTrue(answers.tryAcquire("198.51.100.8"), "another source has its own second");
        now.addAndGet(999_000_000L);
        assertFalse(answers.tryAcquire("198.51.100.7"));
        now.addAndGet(1_000_000L);
        assertTrue(answers.tryAcquire("198.51.100.7"), "a second later");
        assertFalse(answers.tryAcquire("198.51.100.7"));
    }

    @Test
    void aSecondAnswerIsNeverGivenTwiceUnderContention() throws Exception {
        AtomicLong granted = new AtomicLong();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (answers.tryAcquire("198.51.100.7")) {
                        granted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, granted.get());
    }

    @Test
    void pastItsSizeNewSourcesGetNothingUntilPurged() {
        for (int i = 0; i < 3; i++) {
            assertTrue(answers.tryAcquire("198.51.100." + i));
        }
        assertFalse(answers.tryAcquire("198.51.100.99"), "a spoofed flood of banned sources is not answered");
        now.addAndGet(1_000_000_000L);
        answers.purge();
        assertEquals(0, answers.sources());
        assertTrue(answers.tryAcquire("198.51.100.99"));
    }
}

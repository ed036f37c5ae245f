package org.opensbc.sip.timer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hashed timer wheel: one thread, fixed ticks, O(1) to schedule and to cancel whatever the
 * number of pending timers. Tasks run on the wheel's thread, at most one tick late. Cancelled
 * entries are dropped the next time the thread passes their bucket (within one turn).
 */
final class TimerWheel {

    private static final Logger LOG = LoggerFactory.getLogger(TimerWheel.class);

    /** A scheduled task; cancel() is all a caller can do with it. */
    static final class Entry {
        private final Runnable task;
        private final long deadlineNanos;
        private volatile boolean cancelled;
        private long dueTick;

        private Entry(Runnable task, long deadlineNanos) {
            this.task = task;
            this.deadlineNanos = deadlineNanos;
        }

        void cancel() {
            cancelled = true;
        }
    }

    private final long tickNanos;
    private final int mask;
    private final List<List<Entry>> buckets;
    private final ConcurrentLinkedQueue<Entry> incoming = new ConcurrentLinkedQueue<>();
    private final Thread worker;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;
    private long tick;

    /** @param bucketCount a power of two */
    TimerWheel(String threadName, long tickMillis, int bucketCount) {
        if (Integer.bitCount(bucketCount) != 1) {
            throw new IllegalArgumentException("bucketCount must be a power of two: " + bucketCount);
        }
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.mask = bucketCount - 1;
        this.buckets = new ArrayList<>(bucketCount);
        for (int i = 0; i < bucketCount; i++) {
            buckets.add(new ArrayList<>());
        }
        this.worker = new Thread(this::turn, threadName);
        worker.setDaemon(true);
        worker.start();
    }

    Entry schedule(Runnable task, long delayMillis) {
        if (!running) {
            throw new IllegalStateException("timer wheel stopped");
        }
        Entry entry = new Entry(task, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis)));
        incoming.add(entry);
        return entry;
    }

    void stop() {
        running = false;
        LockSupport.unpark(worker);
    }

    boolean isRunning() {
        return running;
    }

    private void turn() {
        while (running) {
            long wait = startNanos + (tick + 1) * tickNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            tick++;
            placeIncoming();
            expire(buckets.get((int) (tick & mask)));
        }
    }

    private void placeIncoming() {
        for (Entry entry; (entry = incoming.poll()) != null; ) {
            if (entry.cancelled) {
                continue;
            }
            long ticksFromStart = (entry.deadlineNanos - startNanos + tickNanos - 1) / tickNanos;
            entry.dueTick = Math.max(tick, ticksFromStart);
            buckets.get((int) (entry.dueTick & mask)).add(entry);
        }
    }

    private void expire(List<Entry> bucket) {
        for (int i = bucket.size() - 1; i >= 0; i--) {
            Entry entry = bucket.get(i);
            if (!entry.cancelled && entry.dueTick > tick) {
                continue; // a later turn of the wheel
            }
            bucket.set(i, bucket.get(bucket.size() - 1));
            bucket.remove(bucket.size() - 1);
            if (!entry.cancelled) {
                try {
                    entry.task.run();
                } catch (RuntimeException | Error e) {
                    LOG.warn("timer task failed", e);
                }
            }
        }
    }
}

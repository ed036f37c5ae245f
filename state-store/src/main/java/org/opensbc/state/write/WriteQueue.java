package org.opensbc.state.write;

import java.util.Collection;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.opensbc.state.StateChange;

/**
 * The changes waiting for the writer, bounded in count (callbacks do not count: they are tiny and
 * must never be refused). Any thread offers; only the writer thread takes.
 */
final class WriteQueue {

    /** A change, or a callback waiting for every change offered before it. */
    record Entry(StateChange change, Runnable callback, long atNanos) { }

    private final LinkedBlockingQueue<Entry> entries = new LinkedBlockingQueue<>();
    private final int capacity;
    /** Changes accepted and not yet written, wherever they are (queue or the writer's batch). */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    WriteQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    boolean offer(StateChange change) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        entries.add(new Entry(change, null, System.nanoTime()));
        return true;
    }

    void offerCallback(Runnable callback) {
        entries.add(new Entry(null, callback, System.nanoTime()));
    }

    Entry poll(long timeoutMillis) throws InterruptedException {
        return entries.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    int drainTo(Collection<Entry> into, int max) {
        return entries.drainTo(into, max);
    }

    /** The oldest entry still in the queue (not the writer's batch), or null. */
    Entry peek() {
        return entries.peek();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    void written(int changes) {
        pending.addAndGet(-changes);
        written.addAndGet(changes);
    }

    int pending() {
        return pending.get();
    }

    long refused() {
        return refused.get();
    }

    long written() {
        return written.get();
    }
}

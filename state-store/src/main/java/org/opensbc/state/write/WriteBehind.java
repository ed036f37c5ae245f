package org.opensbc.state.write;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.opensbc.state.StateChange;
import org.opensbc.state.StoreHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread that drains the bounded queue into a {@link ChangeSink} in batches (group
 * commit: every callback waiting on a batch runs after it is written). A failed batch is kept,
 * grown with what arrives meanwhile, and written again with backoff until it goes through, so
 * order per key holds across an outage. While the sink fails, callbacks run at once: a reply
 * never waits on an outage.
 */
public final class WriteBehind implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private static final long IDLE_POLL_MILLIS = 100;
    private static final long MIN_BACKOFF_MILLIS = 50;

    private final String name;
    private final ChangeSink sink;
    private final Reachability reachability;
    private final WriterSettings settings;
    private final WriteQueue queue;
    private final Thread thread;
    private final AtomicLong failures = new AtomicLong();
    /** Enqueue time of the oldest change in the writer's current batch; 0: none. Written by the writer. */
    private volatile long inFlightSinceNanos;
    /** Set once by close(); read by submitters and the writer. */
    private volatile boolean closing;
    /** Written by close() before it sets {@link #closing}; read by the writer after it sees it. */
    private volatile long closeDeadlineNanos;

    public WriteBehind(String name, ChangeSink sink, Reachability reachability, WriterSettings settings) {
        this.name = name;
        this.sink = sink;
        this.reachability = reachability;
        this.settings = settings;
        this.queue = new WriteQueue(settings.queueCapacity());
        this.thread = new Thread(this::run, "state-writer-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a change; never blocks. False when the queue is full or the store is closing. */
    public boolean submit(StateChange change) {
        return !closing && queue.offer(change);
    }

    /** Runs {@code then} on the writer thread after everything submitted before is written; at once while the sink fails. */
    public void whenWritten(Runnable then) {
        if (!reachability.isUp() || closing) {
            then.run();
        } else {
            queue.offerCallback(then);
        }
    }

    public StoreHealth health() {
        return new StoreHealth(reachability.isUp(), queue.pending(), lagMillis(), queue.written(), failures.get(),
                queue.refused());
    }

    private long lagMillis() {
        long since = inFlightSinceNanos;
        if (since == 0) {
            WriteQueue.Entry head = queue.peek();
            since = head == null ? 0 : head.atNanos();
        }
        return since == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** Stops accepting, writes what is queued (up to the close wait), then closes the sink. */
    @Override
    public void close() {
        closeDeadlineNanos = System.nanoTime() + settings.closeWait().toNanos();
        closing = true;
        try {
            thread.join(settings.closeWait().toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("state store {}: writer still busy after {}, {} changes not written", name,
                    settings.closeWait(), queue.pending());
            thread.interrupt();
        }
        sink.close();
    }

    private void run() {
        long nextUpkeep = System.currentTimeMillis() + settings.maintainEvery().toMillis();
        Batch batch = new Batch();
        long backoff = MIN_BACKOFF_MILLIS;
        List<WriteQueue.Entry> drained = new ArrayList<>();
        try {
            while (true) {
                if (batch.isEmpty()) {
                    WriteQueue.Entry first = queue.poll(IDLE_POLL_MILLIS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        nextUpkeep = upkeepIfDue(nextUpkeep);
                        continue;
                    }
                    batch.add(first);
                }
                drained.clear();
                queue.drainTo(drained, Math.max(0, settings.maxBatch() - batch.size()));
                drained.forEach(batch::add);
                if (batch.accepted() > 0) {
                    inFlightSinceNanos = batch.oldestNanos();
                }
                if (attempt(batch)) {
                    batch = new Batch();
                    backoff = MIN_BACKOFF_MILLIS;
                    nextUpkeep = upkeepIfDue(nextUpkeep);
                } else {
                    if (closing && System.nanoTime() > closeDeadlineNanos) {
                        LOG.warn("state store {} closed while unreachable: {} changes not written", name,
                                queue.pending());
                        return;
                    }
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("state store {}: writer thread died, changes are no longer written", name, e);
            throw e;
        }
    }

    /** Writes the batch; true when it went through. Its callbacks run either way (at once on failure). */
    private boolean attempt(Batch batch) {
        boolean ok;
        try {
            if (batch.size() > 0) {
                sink.write(batch.changes());
                reachability.up(); // only a write that reached the store says so (not a batch of callbacks)
            }
            queue.written(batch.accepted());
            inFlightSinceNanos = 0;
            ok = true;
        } catch (Exception e) {
            failures.incrementAndGet();
            reachability.down(e);
            LOG.debug("state store {}: batch of {} failed", name, batch.size(), e);
            ok = false;
        }
        for (Runnable callback : batch.takeCallbacks()) {
            runCallback(callback);
        }
        return ok;
    }

    private void runCallback(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("state store {}: a whenWritten callback failed", name, e);
        }
    }

    private long upkeepIfDue(long nextUpkeep) {
        long now = System.currentTimeMillis();
        if (now < nextUpkeep) {
            return nextUpkeep;
        }
        try {
            sink.maintain(now);
        } catch (Exception e) {
            failures.incrementAndGet();
            LOG.warn("state store {}: upkeep failed: {}", name, String.valueOf(e));
        }
        return now + settings.maintainEvery().toMillis();
    }
}

package org.opensbc.sip.udp;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The UDP receive queue, in two lanes. Datagrams of sources within their rate go to the first
 * lane and may fill the whole queue; those of sources over their rate go to the shared lane and
 * are let in only while the queue holds fewer than {@code sharedLimit}, so the rest of it always
 * has room for sources within their rate. Workers take from the first lane before the shared
 * one: a source over its rate is served with what capacity is left. A datagram that waited
 * longer than {@code maxWaitMillis} is dropped when it comes up (its sender has retransmitted
 * it by then); JAIN-SIP's own congestion auditor watched the queue this one replaces.
 *
 * <p>One thread (the reader) adds, so {@link #hasRoom} then {@link #add(DatagramQueuedMessageDispatch, boolean)}
 * cannot fail in between; JAIN-SIP's workers call {@link #take}.
 */
final class LaneQueue extends AbstractQueue<DatagramQueuedMessageDispatch>
        implements BlockingQueue<DatagramQueuedMessageDispatch> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<DatagramQueuedMessageDispatch> first = new ArrayDeque<>();
    private final ArrayDeque<DatagramQueuedMessageDispatch> shared = new ArrayDeque<>();
    private final int limit;
    private final int sharedLimit;
    private final long maxWaitMillis;
    private final LongSupplier millis;
    private final Consumer<DatagramQueuedMessageDispatch> onExpired;
    /** Both lanes; written under the lock, read without it by the reader. */
    private volatile int count;
    /** Datagrams found too old under the lock, reported once it is released. */
    private List<DatagramQueuedMessageDispatch> stale;

    /**
     * @param maxWaitMillis 0: no expiry
     * @param onExpired     told of each datagram dropped for waiting too long (by the worker that found it)
     */
    LaneQueue(int limit, int sharedLimit, long maxWaitMillis, LongSupplier millis,
            Consumer<DatagramQueuedMessageDispatch> onExpired) {
        if (sharedLimit > limit || sharedLimit < 0) {
            throw new IllegalArgumentException("shared limit " + sharedLimit + " outside 0.." + limit);
        }
        this.limit = limit;
        this.sharedLimit = sharedLimit;
        this.maxWaitMillis = maxWaitMillis;
        this.millis = millis;
        this.onExpired = onExpired;
    }

    /** Whether a datagram of that lane would be let in now. */
    boolean hasRoom(boolean firstLane) {
        return count < (firstLane ? limit : sharedLimit);
    }

    /** Adds to a lane if it has room; false when the datagram must be shed. */
    boolean add(DatagramQueuedMessageDispatch d, boolean firstLane) {
        lock.lock();
        try {
            if (count >= (firstLane ? limit : sharedLimit)) {
                return false;
            }
            (firstLane ? first : shared).addLast(d);
            count++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    int sizeOf(boolean firstLane) {
        lock.lock();
        try {
            return (firstLane ? first : shared).size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next datagram that has not waited too long, first lane first; null when both are empty.
     * Under the lock; the stale ones it passes go to {@link #stale}.
     */
    private DatagramQueuedMessageDispatch next() {
        while (true) {
            DatagramQueuedMessageDispatch d = first.pollFirst();
            if (d == null) {
                d = shared.pollFirst();
            }
            if (d == null) {
                return null;
            }
            count--;
            if (maxWaitMillis > 0 && millis.getAsLong() - d.getReceptionTime() > maxWaitMillis) {
                if (stale == null) {
                    stale = new ArrayList<>();
                }
                stale.add(d);
                continue;
            }
            return d;
        }
    }

    /**
     * Releases the lock, then reports the stale datagrams found under it: the callback may log (a
     * drop summary), and the reader must not wait on that.
     */
    private void unlockAndReport() {
        List<DatagramQueuedMessageDispatch> found = stale;
        stale = null;
        lock.unlock();
        if (found != null) {
            found.forEach(onExpired);
        }
    }

    @Override
    public DatagramQueuedMessageDispatch take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            DatagramQueuedMessageDispatch d;
            while ((d = next()) == null) {
                notEmpty.await();
            }
            return d;
        } finally {
            unlockAndReport();
        }
    }

    @Override
    public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            DatagramQueuedMessageDispatch d;
            while ((d = next()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return d;
        } finally {
            unlockAndReport();
        }
    }

    @Override
    public DatagramQueuedMessageDispatch poll() {
        lock.lock();
        try {
            return next();
        } finally {
            unlockAndReport();
        }
    }

    @Override
    public DatagramQueuedMessageDispatch peek() {
        lock.lock();
        try {
            DatagramQueuedMessageDispatch d = first.peekFirst();
            return d != null ? d : shared.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Into the first lane (the interface's callers are not the reader: nothing of theirs is over a rate). */
    @Override
    public boolean offer(DatagramQueuedMessageDispatch d) {
        return add(d, true);
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch d, long timeout, TimeUnit unit) {
        return offer(d);
    }

    @Override
    public void put(DatagramQueuedMessageDispatch d) {
        offer(d);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int remainingCapacity() {
        return Math.max(0, limit - count);
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c, int maxElements) {
        int n = 0;
        DatagramQueuedMessageDispatch d;
        while (n < maxElements && (d = poll()) != null) {
            c.add(d);
            n++;
        }
        return n;
    }

    /** A snapshot, first lane first; its remove() is not supported. */
    @Override
    public Iterator<DatagramQueuedMessageDispatch> iterator() {
        lock.lock();
        try {
            ArrayList<DatagramQueuedMessageDispatch> all = new ArrayList<>(first);
            all.addAll(shared);
            return java.util.Collections.unmodifiableList(all).iterator();
        } finally {
            lock.unlock();
        }
    }
}

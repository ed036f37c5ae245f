package org.opensbc.media.webrtc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Datagrams the relay loop hands to a third-party reader thread (ice4j's STUN reader, Bouncy
 * Castle's DTLS handshake): bounded, so a burst is dropped rather than queued without end, and
 * closable, so a reader blocked in {@link #next} wakes up and learns that its transport is gone.
 */
final class Inbox<T> {

    /** What {@link #next} throws once the inbox is closed. */
    static final class ClosedException extends Exception {
        ClosedException() {
            super("closed", null, false, false);
        }
    }

    private final BlockingQueue<Object> items;
    /** Put in the queue by {@link #close}: whoever takes it passes it on, so every reader wakes. */
    private final Object closedMark = new Object();
    private volatile boolean closed;

    Inbox(int capacity) {
        items = new ArrayBlockingQueue<>(capacity);
    }

    /** From the relay loop. False when the inbox is full or closed (the datagram is dropped). */
    boolean offer(T item) {
        return !closed && items.offer(item);
    }

    /**
     * The next datagram, waiting up to {@code waitMillis} (forever when negative); null on timeout.
     *
     * @throws ClosedException the inbox was closed (also for the readers after the first)
     */
    @SuppressWarnings("unchecked")
    T next(long waitMillis) throws ClosedException, InterruptedException {
        Object next = waitMillis < 0 ? items.take() : items.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (next == closedMark || closed) {
            items.offer(closedMark);
            throw new ClosedException();
        }
        return (T) next;
    }

    boolean isClosed() {
        return closed;
    }

    /** Drops what is queued and wakes the readers; true the first time only. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        items.clear();
        items.offer(closedMark);
        return true;
    }
}

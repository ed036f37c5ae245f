package org.opensbc.media.path;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that reads every socket registered with it and hands each datagram to the socket's
 * handler. The receive buffer is reused: handlers must finish with a packet before returning.
 * Sockets are registered from any thread; closing a socket unregisters it. Tasks that must
 * touch loop-confined stream state (a telephone event the relay sends itself) are scheduled on
 * the loop from any thread and run between reads, at millisecond precision.
 */
public final class RelayLoop implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    /**
     * Datagrams read from a busy socket before the loop turns to the others (fairness). A socket
     * that was not ready at the previous wake-up gets one read: at a call's 50 packets/s there
     * is rarely a second datagram, and the read that would find none costs a system call per
     * packet. A socket ready at consecutive wake-ups is busy and is drained.
     */
    private static final int BURST = 32;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final Queue<Timed> submitted = new ConcurrentLinkedQueue<>();
    /** Scheduled tasks by due time (loop-confined). */
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    private volatile boolean running = true;
    /** One instance: a method reference made in the loop would be a new object per wake-up. */
    private final java.util.function.Consumer<SelectionKey> onReady = this::ready;

    /** A socket, its handler, and when it was last ready (loop-confined). */
    private static final class Registration {
        final DatagramChannel channel;
        final PacketHandler handler;
        long lastReady = -2;

        Registration(DatagramChannel channel, PacketHandler handler) {
            this.channel = channel;
            this.handler = handler;
        }
    }

    /** A task and when it is due (System.nanoTime()); the sequence keeps tasks due together in order. */
    private record Timed(long due, long sequence, Runnable task) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed other) {
            int byDue = Long.compare(due - other.due, 0);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    private final AtomicLong taskSequence = new AtomicLong();

    /** Wake-ups of the loop so far (loop-confined). */
    private long wakeUps;

    public RelayLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    void register(DatagramChannel channel, PacketHandler handler) {
        pending.add(new Registration(channel, handler));
        selector.wakeup();
    }

    /**
     * Runs {@code task} on the loop thread once {@code delayNanos} have passed (0: at the next
     * wake-up). A task that throws is logged and the loop goes on.
     */
    public void schedule(long delayNanos, Runnable task) {
        submitted.add(new Timed(System.nanoTime() + Math.max(0, delayNanos), taskSequence.getAndIncrement(), task));
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                // the action form of select: no selected-key set or iterator allocated per wake-up
                selector.select(onReady, timers.isEmpty() ? 1_000 : untilNextTimer());
                wakeUps++;
                for (Registration r; (r = pending.poll()) != null; ) {
                    if (r.channel.isOpen()) {
                        r.channel.register(selector, SelectionKey.OP_READ, r);
                    }
                }
                if (!submitted.isEmpty() || !timers.isEmpty()) {
                    runDueTasks();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("media relay loop {} stopped: {}", thread.getName(), e.toString());
            }
        }
    }

    /** Milliseconds until the first timer is due, at least 1 (0 would mean no timeout at all). */
    private long untilNextTimer() {
        long nanos = timers.peek().due - System.nanoTime();
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    private void runDueTasks() {
        for (Timed t; (t = submitted.poll()) != null; ) {
            timers.add(t);
        }
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().due - now <= 0) {
            try {
                timers.poll().task.run();
            } catch (RuntimeException e) {
                RateLimitedLog.warn(LOG, "media relay task failed: {}", e.toString());
            }
        }
    }

    private void ready(SelectionKey key) {
        if (key.isValid()) {
            Registration r = (Registration) key.attachment();
            int reads = r.lastReady == wakeUps - 1 ? BURST : 1;
            r.lastReady = wakeUps;
            drain(r.channel, r.handler, reads);
        }
    }

    private void drain(DatagramChannel channel, PacketHandler handler, int reads) {
        for (int i = 0; i < reads; i++) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (IOException e) {
                return; // an ICMP error from an earlier send, or the socket closed under us
            }
            if (source == null) {
                return;
            }
            buffer.flip();
            try {
                handler.onPacket(buffer, source);
            } catch (RuntimeException e) {
                RateLimitedLog.warn(LOG, "media packet handler failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

package org.opensbc.media.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that reads every socket registered with it and hands each datagram to the socket's
 * handler. The receive buffer is reused: handlers must finish with a packet before returning.
 * Sockets are registered from any thread; closing a socket unregisters it.
 */
final class RelayLoop implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    /** Datagrams read from one socket before the loop turns to the others (fairness). */
    private static final int BURST = 32;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    private volatile boolean running = true;
    /** One instance: a method reference made in the loop would be a new object per wake-up. */
    private final java.util.function.Consumer<SelectionKey> onReady = this::ready;

    private record Registration(DatagramChannel channel, PacketHandler handler) { }

    RelayLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    void register(DatagramChannel channel, PacketHandler handler) {
        pending.add(new Registration(channel, handler));
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                // the action form of select: no selected-key set or iterator allocated per wake-up
                selector.select(onReady, 1_000);
                for (Registration r; (r = pending.poll()) != null; ) {
                    if (r.channel().isOpen()) {
                        r.channel().register(selector, SelectionKey.OP_READ, r.handler());
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("media relay loop {} stopped: {}", thread.getName(), e.toString());
            }
        }
    }

    private void ready(SelectionKey key) {
        if (key.isValid()) {
            drain((DatagramChannel) key.channel(), (PacketHandler) key.attachment());
        }
    }

    private void drain(DatagramChannel channel, PacketHandler handler) {
        for (int i = 0; i < BURST; i++) {
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

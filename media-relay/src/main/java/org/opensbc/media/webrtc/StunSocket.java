package org.opensbc.media.webrtc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * What ice4j sees as its socket: STUN messages that the relay loop read from the leg's port are
 * queued here for ice4j's reader thread, and what ice4j sends goes out of that same port. The
 * relay keeps the real socket, so ICE, DTLS and SRTP share one port without a second reader.
 */
final class StunSocket extends DatagramSocket {

    /** STUN is a handful of packets per second per leg; a burst beyond this is dropped. */
    private static final int QUEUE = 64;

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final Inbox<DatagramPacket> received = new Inbox<>(QUEUE);

    /** @param local the address and port the candidate advertises (the relay's, as SDP shows it) */
    StunSocket(DatagramChannel channel, InetSocketAddress local) throws SocketException {
        super((SocketAddress) null); // never bound: all I/O goes through the channel
        this.channel = channel;
        this.local = local;
    }

    /** From the relay loop: one STUN message from {@code source}. False when dropped. */
    boolean offer(ByteBuffer packet, InetSocketAddress source) {
        byte[] copy = new byte[packet.remaining()];
        packet.duplicate().get(copy);
        return received.offer(new DatagramPacket(copy, copy.length, source));
    }

    @Override
    public void receive(DatagramPacket p) throws IOException {
        DatagramPacket next;
        try {
            next = received.next(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted");
        } catch (Inbox.ClosedException e) {
            throw new SocketException("socket closed");
        }
        int length = Math.min(next.getLength(), p.getData().length - p.getOffset());
        System.arraycopy(next.getData(), 0, p.getData(), p.getOffset(), length);
        p.setLength(length);
        p.setSocketAddress(next.getSocketAddress());
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
        if (received.isClosed()) {
            throw new SocketException("socket closed");
        }
        channel.send(ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength()), p.getSocketAddress());
    }

    @Override
    public InetAddress getLocalAddress() {
        return local.getAddress();
    }

    @Override
    public int getLocalPort() {
        return local.getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local;
    }

    @Override
    public int getReceiveBufferSize() {
        return 1500;
    }

    @Override
    public boolean isClosed() {
        return received.isClosed();
    }

    /** Stops ice4j's reader; the relay's channel stays open (it belongs to the leg). */
    @Override
    public void close() {
        if (received.close()) {
            super.close();
        }
    }
}

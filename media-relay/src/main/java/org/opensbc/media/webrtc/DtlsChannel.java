package org.opensbc.media.webrtc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagram transport Bouncy Castle's DTLS runs over: records the relay loop received from the
 * ICE-selected address are queued here for the handshake thread, and records DTLS sends go to
 * that address from the leg's port.
 */
final class DtlsChannel implements DatagramTransport {

    /** Conservative path MTU for handshake flights; BC fragments certificates to fit. */
    private static final int SEND_LIMIT = 1200;
    private static final int RECEIVE_LIMIT = 1500;
    private static final int QUEUE = 32;

    private final DatagramChannel channel;
    private final Inbox<byte[]> received = new Inbox<>(QUEUE);
    private volatile InetSocketAddress remote;

    DtlsChannel(DatagramChannel channel) {
        this.channel = channel;
    }

    void setRemote(InetSocketAddress remote) {
        this.remote = remote;
    }

    /** From the relay loop: one DTLS datagram from the selected address. False when dropped. */
    boolean offer(ByteBuffer packet) {
        byte[] copy = new byte[packet.remaining()];
        packet.duplicate().get(copy);
        return received.offer(copy);
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] next;
        try {
            next = received.next(Math.max(0, waitMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (Inbox.ClosedException e) {
            throw new IOException("DTLS channel closed");
        }
        if (next == null) {
            return -1; // timeout: BC retransmits its last flight
        }
        int length = Math.min(next.length, len);
        System.arraycopy(next, 0, buf, off, length);
        return length;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = remote;
        if (received.isClosed()) {
            throw new IOException("DTLS channel closed");
        }
        if (to != null) {
            channel.send(ByteBuffer.wrap(buf, off, len), to);
        }
    }

    @Override
    public void close() {
        received.close();
    }
}

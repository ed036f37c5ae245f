package org.opensbc.core.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The media socket of a SIPp phone in browser tests: it records where RTP comes from and how loud
 * it is, and sends every packet back to its source (like SIPp's -rtp_echo), so the browser hears
 * its own tone through the gateway. RFC 4733 telephone events (payload type 101, as the phone's
 * SDP in these tests declares) are recorded in order and not echoed.
 */
final class RtpEchoCapture implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    final Set<SocketAddress> sources = ConcurrentHashMap.newKeySet();
    final AtomicLong packets = new AtomicLong();
    final AtomicLong pcmuPackets = new AtomicLong();
    /** Sum of squared PCMU sample values over all PCMU packets (for an RMS). */
    private final AtomicLong energy = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    /** Every RTP packet received, in order: payload type, marker, sequence, timestamp, SSRC. */
    final java.util.Queue<Packet> received = new java.util.concurrent.ConcurrentLinkedQueue<>();

    static final int EVENT_TYPE = 101;

    /** One received RTP packet's header, and for a telephone event its code, end bit and duration. */
    record Packet(int payloadType, boolean marker, int sequence, int timestamp, int ssrc, int event, boolean end,
            int duration) {
    }

    RtpEchoCapture(String ip, int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(ip, port));
        thread = new Thread(this::run, "rtp-echo-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void run() {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                boolean event = false;
                if (packet.getLength() >= 12 && (buffer[0] & 0xC0) == 0x80) {
                    packets.incrementAndGet();
                    sources.add(packet.getSocketAddress());
                    received.add(header(java.nio.ByteBuffer.wrap(buffer, 0, packet.getLength())));
                    if ((buffer[1] & 0x7F) == 0) {
                        pcmuPackets.incrementAndGet();
                        measure(buffer, 12, packet.getLength());
                    }
                    event = (buffer[1] & 0x7F) == EVENT_TYPE;
                }
                if (!event) {
                    socket.send(packet);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static Packet header(java.nio.ByteBuffer b) {
        boolean event = (b.get(1) & 0x7F) == EVENT_TYPE && b.limit() >= 16;
        return new Packet(b.get(1) & 0x7F, (b.get(1) & 0x80) != 0, b.getShort(2) & 0xFFFF, b.getInt(4), b.getInt(8),
                event ? b.get(12) & 0xFF : -1, event && (b.get(13) & 0x80) != 0, event ? b.getShort(14) & 0xFFFF : 0);
    }

    /** The telephone events received so far, one per event timestamp, as "digit:final duration in ticks". */
    java.util.List<String> digits() {
        java.util.Map<Integer, String> byTimestamp = new java.util.LinkedHashMap<>();
        for (Packet p : received) {
            if (p.payloadType() == EVENT_TYPE && p.end()) {
                byTimestamp.putIfAbsent(p.timestamp(), (p.event() < 16 ? "0123456789*#ABCD".charAt(p.event()) : '?') + ":" + p.duration());
            }
        }
        return java.util.List.copyOf(byTimestamp.values());
    }

    private void measure(byte[] data, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            int linear = ulawToLinear(data[i]);
            sum += (long) linear * linear;
        }
        energy.addAndGet(sum);
        samples.addAndGet(to - from);
    }

    /** RMS of the PCMU audio received so far, on the 16-bit scale. */
    double rms() {
        long n = samples.get();
        return n == 0 ? 0 : Math.sqrt((double) energy.get() / n);
    }

    /** G.711 mu-law decoding (ITU-T G.711). */
    static int ulawToLinear(byte encoded) {
        int u = ~encoded & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    @Override
    public void close() {
        socket.close();
    }
}

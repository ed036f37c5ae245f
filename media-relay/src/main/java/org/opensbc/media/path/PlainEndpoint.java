package org.opensbc.media.path;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The gateway's RTP and RTCP sockets facing one side of a stream, with plain RTP/AVP on the wire.
 * Symmetric RTP: media goes to the address the first valid packet came from (the latched
 * address), or to the address of the side's SDP until then; packets from any other source are
 * dropped and counted. RTCP is on the RTP port + 1, or on the RTP port with rtcp-mux.
 *
 * <p>Thread confinement: {@link #onRtp}/{@link #onRtcp} run on the relay loop; the remote
 * description is set from signalling threads, hence the volatile fields.
 */
public final class PlainEndpoint extends LineEndpoint {

    public final int rtpPort;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private volatile InetSocketAddress declaredRtp;
    private volatile InetSocketAddress declaredRtcp;
    private volatile boolean rtcpMux;
    private final Latch rtpLatch = new Latch();
    private final Latch rtcpLatch = new Latch();

    /** Made by {@link MediaPathBuilder#plainEndpoint}, which also registers the sockets. */
    PlainEndpoint(int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        this.rtpPort = rtpPort;
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    /**
     * Binds {@code rtpPort} and {@code rtpPort + 1} on {@code address}, both or neither, and
     * hands them to {@code builder} to receive on.
     */
    public static PlainEndpoint bind(InetAddress address, int rtpPort, MediaPathBuilder builder) throws IOException {
        DatagramChannel rtp = open(address, rtpPort);
        DatagramChannel rtcp;
        try {
            rtcp = open(address, rtpPort + 1);
        } catch (IOException e) {
            rtp.close();
            throw e;
        }
        return builder.plainEndpoint(rtpPort, rtp, rtcp);
    }

    public static DatagramChannel open(InetAddress address, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(
                address instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            channel.bind(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return rtpPort;
    }

    /**
     * The side's SDP says where it wants media. A new address or port drops the latch (the
     * side moved, e.g. a re-INVITE after a transfer); the same one keeps it.
     */
    public void setRemote(InetSocketAddress rtpAddress, InetSocketAddress rtcpAddress, boolean mux) {
        if (!rtpAddress.equals(declaredRtp)) {
            rtpLatch.reset();
            rtcpLatch.reset();
        }
        declaredRtp = rtpAddress;
        declaredRtcp = rtcpAddress;
        rtcpMux = mux;
    }

    @Override
    public InetSocketAddress latchedAddress() {
        return rtpLatch.address();
    }

    void onRtp(ByteBuffer packet, InetSocketAddress source) {
        if (rtcpMux && RtpHeader.isValidRtcp(packet)) {
            onRtcp(packet, source);
        } else if (!RtpHeader.isValidRtp(packet)) {
            counters.countMalformed();
        } else if (!rtpLatch.accept(source)) {
            counters.countForeign();
        } else {
            RtpSink to = peer;
            relayed(to != null && to.sendRtp(packet));
        }
    }

    void onRtcp(ByteBuffer packet, InetSocketAddress source) {
        if (!RtpHeader.isValidRtcp(packet)) {
            counters.countMalformed();
        } else if (!rtcpLatch.accept(source)) {
            counters.countForeign();
        } else {
            RtpSink to = peer;
            relayed(to != null && to.sendRtcp(packet));
        }
    }

    private void relayed(boolean sent) {
        counters.countReceived();
        if (sent) {
            counters.countRelayed();
        }
    }

    @Override
    public boolean sendRtp(ByteBuffer packet) {
        outgoing.rtp(packet);
        return send(rtp, packet, rtpTarget());
    }

    @Override
    public boolean sendOwnRtp(ByteBuffer packet) {
        outgoing.inject(packet);
        return send(rtp, packet, rtpTarget());
    }

    private InetSocketAddress rtpTarget() {
        InetSocketAddress latched = rtpLatch.address();
        return latched != null ? latched : declaredRtp;
    }

    @Override
    public boolean sendRtcp(ByteBuffer packet) {
        outgoing.rtcp(packet);
        if (rtcpMux) {
            return send(rtp, packet, rtpTarget());
        }
        InetSocketAddress latched = rtcpLatch.address();
        InetSocketAddress target = latched != null ? latched : declaredRtcp;
        return send(rtcp, packet, target);
    }

    private boolean send(DatagramChannel channel, ByteBuffer packet, InetSocketAddress target) {
        if (target == null || target.getPort() == 0 || target.getAddress().isAnyLocalAddress()) {
            counters.countUnsent(); // the side is on hold (0.0.0.0) or has not said where yet
            return false;
        }
        int start = packet.position();
        try {
            boolean sent = channel.send(packet, target) > 0;
            if (!sent) {
                counters.countUnsent();
            }
            return sent;
        } catch (IOException e) {
            counters.countUnsent();
            return false;
        } finally {
            packet.position(start);
        }
    }

    @Override
    public void close() {
        closeQuietly(rtp);
        closeQuietly(rtcp);
    }

    public static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the port goes back to the pool either way
        }
    }
}

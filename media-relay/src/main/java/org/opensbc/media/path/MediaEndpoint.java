package org.opensbc.media.path;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.opensbc.media.relay.EndpointCounters;

/**
 * The relay's end of one m= line facing one side: what it receives goes to its peer (the
 * endpoint of the same line facing the other side), and the peer hands it plain RTP/RTCP to
 * send. Plain RTP and WebRTC (SRTP over ICE/DTLS) legs differ only behind this interface.
 * Packet methods run on the session's relay loop.
 */
public interface MediaEndpoint extends RtpSink, AutoCloseable {

    EndpointCounters counters();

    /** The gateway's port this side sends the line's media to (what its SDP shows). */
    int port();

    /** Where what this side sends goes: the other side's endpoint, or a transcoder in front of it. */
    void pairWith(RtpSink peer);

    /** What RTP and RTCP sent to this side go through (payload types, stream continuity). */
    OutgoingRtp outgoing();

    /** Sends a plain RTP packet (position to limit, left unchanged) to this side. */
    @Override
    boolean sendRtp(ByteBuffer packet);

    @Override
    boolean sendRtcp(ByteBuffer packet);

    /**
     * Sends an RTP packet the relay made itself (a telephone event) to this side, as part of the
     * stream it sees: {@link OutgoingRtp#inject} numbers it; its payload type is not mapped.
     */
    boolean sendOwnRtp(ByteBuffer packet);

    /** Where this side's media comes from, once known; null before. */
    InetSocketAddress latchedAddress();

    @Override
    void close();
}

package org.opensbc.media.path;

import java.nio.channels.DatagramChannel;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.dtmf.DtmfTap;
import org.opensbc.media.dtmf.EventFormat;
import org.opensbc.media.transcode.Transcoder;
import org.opensbc.media.webrtc.WebRtcTransport;

/**
 * The one place where a line's media path is put together, in the order a packet travels it:
 *
 * <pre>
 * receive ........... a socket on the session's {@link RelayLoop}
 *   (ICE/DTLS demux)  a browser's port: STUN to ICE, DTLS to the handshake, SRTP on ({@link WebRtcTransport})
 *   SRTP unprotect    ({@link WebRtcTransport}; a plain side latches its source instead: {@link PlainEndpoint})
 * payload-type routing  a bundled browser port hands each packet to its m= line ({@link PayloadTypeRouter})
 * DTMF tap .......... a side's telephone events taken out for signalling ({@link DtmfTap}), if chosen
 * transcode or renumber  a {@link Transcoder}, or the receiving side's payload-type map
 * outgoing rewrite .. payload type, SSRC/sequence/timestamp continuity ({@link OutgoingRtp})
 * send .............. the other side's endpoint: its socket, or SRTP over its ICE pair
 * </pre>
 *
 * Everything is chosen here, when a description is applied or an answer settles a line's codecs;
 * the packet path only calls what was wired (rtpengine's codec handlers, decided at negotiation
 * time). Stages call the next one through {@link RtpSink}, at most one interface call each, as
 * before the builder existed: the path is no longer than the stages it needs.
 *
 * <p>Thread confinement: the builder's methods run under the session's monitor (signalling
 * threads); what they publish is read on the relay loop through the endpoints' volatile fields.
 */
public final class MediaPathBuilder {

    private final RelayLoop loop;

    /** @param loop the session's loop: every socket and packet of the session stays on it */
    public MediaPathBuilder(RelayLoop loop) {
        this.loop = loop;
    }

    /** Receive, for a plain side: its RTP and RTCP sockets feed a latching endpoint. */
    public PlainEndpoint plainEndpoint(int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        PlainEndpoint endpoint = new PlainEndpoint(rtpPort, rtp, rtcp);
        loop.register(rtp, endpoint::onRtp);
        loop.register(rtcp, endpoint::onRtcp);
        return endpoint;
    }

    /**
     * Receive, ICE/DTLS demux, SRTP unprotect and payload-type routing, for a browser: one port
     * that the transport demultiplexes (RFC 7983) and decrypts, then hands to the leg, which
     * finds each packet's line.
     */
    public WebRtcLeg webRtcLeg(int port, DatagramChannel channel, WebRtcTransport transport) {
        loop.register(channel, transport::onPacket);
        WebRtcLeg leg = new WebRtcLeg(transport, port);
        transport.setReceiver(leg::onMedia);
        return leg;
    }

    /**
     * One direction of a line, from the DTMF tap to the send: what {@code from}'s peer sends
     * reaches {@code to}, through {@code transcoder} when the answer chose one (it writes
     * {@code to}'s own payload types, so nothing is renumbered after it), else renumbered by
     * {@code renumber} (null: the numbers agree). {@code digits} non-null takes the sender's
     * telephone events ({@code events}) out for signalling.
     *
     * @param rates clock rate of each of {@code to}'s payload types (stream continuity)
     */
    public static void direction(MediaEndpoint from, MediaEndpoint to, Transcoder transcoder, byte[] renumber,
            int[] rates, EventFormat events, DtmfTap.DigitListener digits) {
        outgoingRewrite(to, transcoder, renumber, rates);
        RtpSink next = transcoder != null ? transcoder : to;
        if (digits != null && events != null) {
            next = new DtmfTap(next, events.payloadType(), events.clockRate(), digits);
        }
        from.pairWith(next);
    }

    /**
     * Outgoing rewrite of one direction alone: a side declared new payload types while the
     * line's wiring stands (an offer; the answer rewires). A transcoder already writes
     * {@code to}'s numbers: only passed-through packets are renumbered.
     */
    public static void outgoingRewrite(MediaEndpoint to, Transcoder transcoder, byte[] renumber, int[] rates) {
        to.outgoing().declare(transcoder != null ? null : renumber, rates);
    }

    /** Transcode, for one direction: decodes what {@code plan} says the sender sends, encodes for {@code to}. */
    public static Transcoder transcoder(Transcoder.Plan plan, Opus opus, MediaEndpoint to) {
        return new Transcoder(plan, opus, to);
    }
}

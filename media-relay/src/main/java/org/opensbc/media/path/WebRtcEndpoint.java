package org.opensbc.media.path;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One m= line of a WebRTC leg. All lines of the leg share its transport (BUNDLE): the leg hands
 * each decrypted packet to the line it belongs to, and the line's outgoing packets leave
 * through the shared transport, encrypted.
 */
public final class WebRtcEndpoint extends LineEndpoint {

    private final WebRtcLeg leg;

    WebRtcEndpoint(WebRtcLeg leg) {
        this.leg = leg;
    }

    @Override
    public int port() {
        return leg.port();
    }

    /** From the leg, on the relay loop: a packet the peer sent on this line, already decrypted. */
    void onMedia(ByteBuffer packet, boolean rtcp) {
        counters.countReceived();
        RtpSink to = peer;
        if (to != null && (rtcp ? to.sendRtcp(packet) : to.sendRtp(packet))) {
            counters.countRelayed();
        }
    }

    @Override
    public boolean sendRtp(ByteBuffer packet) {
        outgoing.rtp(packet);
        return sent(leg.transport().send(packet, false));
    }

    @Override
    public boolean sendOwnRtp(ByteBuffer packet) {
        outgoing.inject(packet);
        return sent(leg.transport().send(packet, false));
    }

    @Override
    public boolean sendRtcp(ByteBuffer packet) {
        outgoing.rtcp(packet);
        return sent(leg.transport().send(packet, true));
    }

    private boolean sent(boolean sent) {
        if (!sent) {
            counters.countUnsent(); // before ICE and DTLS are up, or the socket refused it
        }
        return sent;
    }

    @Override
    public InetSocketAddress latchedAddress() {
        return leg.transport().selectedAddress();
    }

    @Override
    public void close() {
        // the leg owns the transport; a rejected line just stops receiving
        leg.forget(this);
    }
}

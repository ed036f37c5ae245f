package org.opensbc.media.path;

import java.nio.ByteBuffer;
import java.util.Collection;
import org.opensbc.media.relay.EndpointCounters;
import org.opensbc.media.webrtc.WebRtcTransport;

/**
 * The side of a call that is a browser: one WebRTC transport (one port, ICE, DTLS, SRTP) and the
 * m= lines bundled on it; each decrypted packet finds its line through a {@link PayloadTypeRouter}.
 */
public final class WebRtcLeg implements AutoCloseable {

    private final WebRtcTransport transport;
    private final int port;
    private final PayloadTypeRouter router = new PayloadTypeRouter();
    final EndpointCounters unrouted = new EndpointCounters();

    /** Made by {@link MediaPathBuilder#webRtcLeg}, which points the transport's decrypted packets at {@link #onMedia}. */
    WebRtcLeg(WebRtcTransport transport, int port) {
        this.transport = transport;
        this.port = port;
    }

    public WebRtcTransport transport() {
        return transport;
    }

    public int port() {
        return port;
    }

    public WebRtcEndpoint newEndpoint() {
        WebRtcEndpoint endpoint = new WebRtcEndpoint(this);
        router.add(endpoint);
        return endpoint;
    }

    /** Packets with these payload types belong to {@code endpoint}'s line. */
    public void route(Collection<String> payloadTypes, WebRtcEndpoint endpoint) {
        router.route(payloadTypes, endpoint);
    }

    void forget(WebRtcEndpoint endpoint) {
        router.forget(endpoint);
    }

    /** Payload-type routing, on the relay loop: a decrypted packet goes to its line's endpoint. */
    void onMedia(ByteBuffer packet, boolean rtcp) {
        WebRtcEndpoint to = router.lineOf(packet, rtcp);
        if (to == null) {
            unrouted.countMalformed(); // a payload type no line of ours negotiated
            return;
        }
        to.onMedia(packet, rtcp);
    }

    /** What the leg's port dropped before any line saw it (foreign, malformed, forged). */
    public void addTransportCountersTo(EndpointCounters sum) {
        sum.add(unrouted);
        sum.addDropped(transport.counters().foreign.sum(), transport.counters().malformed.sum(),
                transport.counters().unauthenticated.sum());
    }

    @Override
    public void close() {
        transport.close();
    }
}

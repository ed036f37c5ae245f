package org.opensbc.media.path;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.opensbc.media.SsrcTable;
import org.opensbc.media.webrtc.WebRtcTransport;

/**
 * The side of a call that is a browser: one WebRTC transport (one port, ICE, DTLS, SRTP) and the
 * m= lines bundled on it. Incoming RTP finds its line by payload type (browsers number codecs
 * uniquely across lines); RTCP by the sender SSRC seen on RTP, else the first line (audio).
 */
public final class WebRtcLeg implements AutoCloseable {

    private final WebRtcTransport transport;
    private final int port;
    /** By payload type; written from signalling threads, read on the relay loop. */
    private volatile WebRtcEndpoint[] byPayloadType = new WebRtcEndpoint[128];
    private final List<WebRtcEndpoint> endpoints = new ArrayList<>();
    /** Loop-confined: which line each RTP sender SSRC belongs to. */
    private final SsrcTable<WebRtcEndpoint> bySsrc = new SsrcTable<>(16);
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

    public synchronized WebRtcEndpoint newEndpoint() {
        WebRtcEndpoint endpoint = new WebRtcEndpoint(this);
        endpoints.add(endpoint);
        return endpoint;
    }

    /** Packets with these payload types belong to {@code endpoint}'s line. */
    public synchronized void route(Collection<String> payloadTypes, WebRtcEndpoint endpoint) {
        WebRtcEndpoint[] table = byPayloadType.clone();
        for (String pt : payloadTypes) {
            try {
                int type = Integer.parseInt(pt.trim());
                if (type >= 0 && type < 128) {
                    table[type] = endpoint;
                }
            } catch (NumberFormatException e) {
                // not an RTP payload type: nothing to route
            }
        }
        byPayloadType = table;
    }

    synchronized void forget(WebRtcEndpoint endpoint) {
        endpoints.remove(endpoint);
        WebRtcEndpoint[] table = byPayloadType.clone();
        for (int i = 0; i < table.length; i++) {
            if (table[i] == endpoint) {
                table[i] = null;
            }
        }
        byPayloadType = table;
    }

    /** Payload-type routing, on the relay loop: a decrypted packet goes to its line's endpoint. */
    void onMedia(ByteBuffer packet, boolean rtcp) {
        int start = packet.position();
        WebRtcEndpoint to;
        if (rtcp) {
            to = bySsrc.get(packet.getInt(start + 4));
            if (to == null) {
                to = first();
            }
        } else {
            to = byPayloadType[packet.get(start + 1) & 0x7F];
            if (to != null) {
                int ssrc = packet.getInt(start + 8);
                if (bySsrc.get(ssrc) == null) {
                    bySsrc.put(ssrc, to);
                }
            }
        }
        if (to == null) {
            unrouted.malformed.increment(); // a payload type no line of ours negotiated
            return;
        }
        to.onMedia(packet, rtcp);
    }

    private synchronized WebRtcEndpoint first() {
        return endpoints.isEmpty() ? null : endpoints.get(0);
    }

    /** What the leg's port dropped before any line saw it (foreign, malformed, forged). */
    public void addTransportCountersTo(EndpointCounters sum) {
        sum.add(unrouted);
        sum.foreign.add(transport.counters().foreign.sum());
        sum.malformed.add(transport.counters().malformed.sum());
        sum.unauthenticated.add(transport.counters().unauthenticated.sum());
    }

    @Override
    public void close() {
        transport.close();
    }
}

package org.opensbc.media.webrtc;

import java.util.concurrent.atomic.LongAdder;

/** What a WebRTC leg's port received that did not become media, by reason. */
public final class TransportCounters {

    /** Not STUN, DTLS or RTP/RTCP by its first byte (RFC 7983), or too short. */
    public final LongAdder malformed = new LongAdder();
    /** DTLS or SRTP from an address ICE did not select. */
    public final LongAdder foreign = new LongAdder();
    /** SRTP or SRTCP that failed authentication (or arrived before the keys). */
    public final LongAdder unauthenticated = new LongAdder();
    /** STUN messages handed to ICE. */
    public final LongAdder stun = new LongAdder();
    /** DTLS records handed to the handshake. */
    public final LongAdder dtls = new LongAdder();
}

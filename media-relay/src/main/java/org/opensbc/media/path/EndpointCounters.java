package org.opensbc.media.path;

import java.util.concurrent.atomic.LongAdder;

/** What one side of a stream received, relayed and dropped. Updated on the packet path. */
public final class EndpointCounters {

    final LongAdder received = new LongAdder();
    final LongAdder relayed = new LongAdder();
    /** Packets from an address other than the latched one (RTP bleed, spoofing). */
    final LongAdder foreign = new LongAdder();
    /** Not RTP or RTCP at all. */
    final LongAdder malformed = new LongAdder();
    /** SRTP/SRTCP that failed authentication (WebRTC legs only). */
    final LongAdder unauthenticated = new LongAdder();
    /** Nowhere to send yet, or the socket refused the datagram. */
    final LongAdder unsent = new LongAdder();

    public void add(EndpointCounters other) {
        received.add(other.received());
        relayed.add(other.relayed());
        foreign.add(other.foreign());
        malformed.add(other.malformed());
        unsent.add(other.unsent());
        unauthenticated.add(other.unauthenticated());
    }

    public long received() {
        return received.sum();
    }

    public long unauthenticated() {
        return unauthenticated.sum();
    }

    public long relayed() {
        return relayed.sum();
    }

    public long foreign() {
        return foreign.sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    public long unsent() {
        return unsent.sum();
    }

    @Override
    public String toString() {
        return "received=" + received() + " relayed=" + relayed() + " foreign=" + foreign()
                + " malformed=" + malformed() + " unsent=" + unsent();
    }
}

package org.opensbc.media.relay;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one side of a stream received, relayed and dropped. Counted on the packet path (the
 * {@code count*} methods: one uncontended {@link LongAdder} increment each), read anywhere.
 */
public final class EndpointCounters {

    private final LongAdder received = new LongAdder();
    private final LongAdder relayed = new LongAdder();
    /** Packets from an address other than the latched one (RTP bleed, spoofing). */
    private final LongAdder foreign = new LongAdder();
    /** Not RTP or RTCP at all. */
    private final LongAdder malformed = new LongAdder();
    /** SRTP/SRTCP that failed authentication (WebRTC legs only). */
    private final LongAdder unauthenticated = new LongAdder();
    /** Nowhere to send yet, or the socket refused the datagram. */
    private final LongAdder unsent = new LongAdder();

    public void countReceived() {
        received.increment();
    }

    public void countRelayed() {
        relayed.increment();
    }

    public void countForeign() {
        foreign.increment();
    }

    public void countMalformed() {
        malformed.increment();
    }

    public void countUnsent() {
        unsent.increment();
    }

    /** What a WebRTC transport dropped before any line saw it. */
    public void addDropped(long foreignPackets, long malformedPackets, long unauthenticatedPackets) {
        foreign.add(foreignPackets);
        malformed.add(malformedPackets);
        unauthenticated.add(unauthenticatedPackets);
    }

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

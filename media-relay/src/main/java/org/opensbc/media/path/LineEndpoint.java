package org.opensbc.media.path;

import org.opensbc.media.relay.EndpointCounters;

/**
 * What every endpoint of a line keeps, whatever its wire: its counters, the outgoing rewrite of
 * what it sends, and where what it receives goes (set by {@link MediaPathBuilder}).
 *
 * <p>Thread confinement: {@link #peer} is written under the session's monitor and read on the
 * relay loop, hence volatile; the accessors are final, so the packet path's calls stay
 * monomorphic and inline as before.
 */
abstract class LineEndpoint implements MediaEndpoint {

    final EndpointCounters counters = new EndpointCounters();
    final OutgoingRtp outgoing = new OutgoingRtp();
    volatile RtpSink peer;

    @Override
    public final EndpointCounters counters() {
        return counters;
    }

    @Override
    public final OutgoingRtp outgoing() {
        return outgoing;
    }

    @Override
    public final void pairWith(RtpSink next) {
        peer = next;
    }
}

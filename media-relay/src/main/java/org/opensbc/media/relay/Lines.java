package org.opensbc.media.relay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensbc.media.path.MediaEndpoint;
import org.opensbc.media.path.MediaPathBuilder;
import org.opensbc.media.path.PlainEndpoint;
import org.opensbc.media.path.Stream;

/**
 * The anchored m= lines of one session, by index, and the ports behind them: a line gets an
 * endpoint facing each side when a description first accepts it (a port pair from the relay for
 * a plain side, a line on the bundled port for a browser), and gives them back when an answer
 * rejects it, a peer is replaced or the call ends.
 *
 * <p>Thread confinement: guarded by the owning session's monitor.
 */
final class Lines {

    private final MediaRelay relay;
    private final MediaPathBuilder path;
    /** By m= line index; null for a line that was never accepted or was rejected. */
    private final List<Stream> streams = new ArrayList<>();
    /**
     * After {@link #replacePeer}: by line, the endpoint that faces the side that stayed, to be
     * paired with the new peer's on the next description.
     */
    private final Map<Integer, Survivor> survivors = new HashMap<>();

    /** An endpoint kept across a replaced peer, and the side it faces. */
    private record Survivor(MediaEndpoint endpoint, Side facing) { }

    Lines(MediaRelay relay, MediaPathBuilder path) {
        this.relay = relay;
        this.path = path;
    }

    /** Line {@code index}, or null when it carries nothing now. */
    Stream get(int index) {
        return index < streams.size() ? streams.get(index) : null;
    }

    /** The lines that carry media now (no nulls). */
    List<Stream> live() {
        List<Stream> live = new ArrayList<>();
        for (Stream stream : streams) {
            if (stream != null) {
                live.add(stream);
            }
        }
        return live;
    }

    /**
     * Line {@code index}, given endpoints facing {@code caller} and {@code callee} on first use.
     * A line whose other peer was replaced keeps the endpoint facing the side that stayed.
     */
    Stream open(int index, String media, Leg caller, Leg callee) throws MediaException {
        while (streams.size() <= index) {
            streams.add(null);
        }
        Stream stream = streams.get(index);
        if (stream != null) {
            return stream;
        }
        Survivor survivor = survivors.remove(index);
        MediaEndpoint facingCaller = survivor != null && survivor.facing() == Side.CALLER ? survivor.endpoint() : null;
        MediaEndpoint facingCallee = survivor != null && survivor.facing() == Side.CALLEE ? survivor.endpoint() : null;
        MediaEndpoint made = null;
        try {
            if (facingCaller == null) {
                facingCaller = made = endpoint(caller);
            }
            if (facingCallee == null) {
                facingCallee = endpoint(callee);
            }
            stream = new Stream(media, facingCaller, facingCallee);
        } catch (MediaException e) {
            if (made != null) {
                releaseEndpoint(made);
            }
            if (survivor != null) {
                survivors.put(index, survivor);
            }
            throw e;
        }
        streams.set(index, stream);
        return stream;
    }

    private MediaEndpoint endpoint(Leg leg) throws MediaException {
        if (leg.profile == Profile.WEBRTC) {
            return leg.webrtc.newEndpoint();
        }
        return relay.bindPlain(path);
    }

    private void releaseEndpoint(MediaEndpoint endpoint) {
        endpoint.close();
        if (endpoint instanceof PlainEndpoint plain) {
            relay.releasePort(plain.rtpPort);
        }
    }

    /** An answer refused line {@code index}: its ports go back now, not at hang-up. */
    void release(int index) {
        if (index < streams.size() && streams.get(index) != null) {
            relay.release(streams.get(index));
            streams.set(index, null);
        }
    }

    /**
     * Every endpoint facing {@code side} goes, with the line's transcoders; the endpoints facing
     * the other side are kept for the new peer's lines.
     */
    void replacePeer(Side side) {
        for (int i = 0; i < streams.size(); i++) {
            Stream stream = streams.get(i);
            if (stream == null) {
                continue;
            }
            relay.retire(stream.facing(side), side);
            stream.closeKeeping(side.other());
            survivors.put(i, new Survivor(stream.facing(side.other()), side.other()));
            streams.set(i, null);
        }
    }

    /** RTP and RTCP received from both sides on every line (what keeps a call alive). */
    long receivedPackets() {
        long sum = 0;
        for (Stream stream : streams) {
            if (stream != null) {
                sum += stream.caller.counters().received() + stream.callee.counters().received();
            }
        }
        return sum;
    }

    void addCountersTo(EndpointCounters sum, Side from) {
        for (Stream stream : streams) {
            if (stream != null) {
                sum.add(stream.facing(from).counters());
            }
        }
    }

    /**
     * The call ended: kept endpoints are retired here; the lines are handed back for the caller
     * to release outside the session's monitor.
     */
    List<Stream> closeAll() {
        List<Stream> toRelease = live();
        streams.clear();
        for (Survivor s : survivors.values()) {
            relay.retire(s.endpoint(), s.facing());
        }
        survivors.clear();
        return toRelease;
    }
}

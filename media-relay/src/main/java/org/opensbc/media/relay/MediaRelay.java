package org.opensbc.media.relay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensbc.media.PortPool;

/**
 * The media plane: a port range, the relay loops that move packets, and the live sessions.
 * One per gateway. Knows nothing of SIP: callers hand it SDP bodies and get SDP bodies back.
 */
public final class MediaRelay implements AutoCloseable {

    private final RelayConfig config;
    private final PortPool ports;
    private final List<RelayLoop> loops = new ArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final ConcurrentHashMap<MediaSession, Boolean> sessions = new ConcurrentHashMap<>();
    /** Counters of endpoints already closed, by the side they faced; live ones are summed when asked. */
    private final EndpointCounters closedFromCaller = new EndpointCounters();
    private final EndpointCounters closedFromCallee = new EndpointCounters();

    public MediaRelay(RelayConfig config) throws IOException {
        this.config = config;
        this.ports = new PortPool(config.firstPort(), config.lastPort());
        for (int i = 0; i < config.loops(); i++) {
            loops.add(new RelayLoop("media-relay-" + i));
        }
    }

    public MediaSession newSession(String name) {
        MediaSession session = new MediaSession(this, name);
        sessions.put(session, Boolean.TRUE);
        return session;
    }

    public int activeSessions() {
        return sessions.size();
    }

    /** RTP/RTCP port pairs in use. */
    public int portPairsInUse() {
        return ports.inUse();
    }

    String advertisedAddress() {
        return config.advertisedAddress();
    }

    /** Two endpoints, one facing each side, on one loop (a packet crosses no thread). */
    Stream allocateStream(String media) throws MediaException {
        RelayLoop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
        PlainEndpoint caller = bind(loop);
        try {
            return new Stream(media, caller, bind(loop));
        } catch (MediaException e) {
            caller.close();
            ports.release(caller.rtpPort);
            throw e;
        }
    }

    /** The next free pair that can be bound (another process may hold a port of the range). */
    private PlainEndpoint bind(RelayLoop loop) throws MediaException {
        for (int attempt = 0; attempt < Math.min(ports.capacity(), 64); attempt++) {
            OptionalInt port = ports.allocate();
            if (port.isEmpty()) {
                break;
            }
            try {
                return PlainEndpoint.bind(config.bindAddress(), port.getAsInt(), loop);
            } catch (IOException e) {
                ports.release(port.getAsInt());
            }
        }
        throw new MediaException(399, "media relay out of ports", true);
    }

    /** Packets received from, and relayed for, one side over all sessions so far, live and closed. */
    public EndpointCounters totals(Side from) {
        EndpointCounters sum = new EndpointCounters();
        sum.add(from == Side.CALLER ? closedFromCaller : closedFromCallee);
        for (MediaSession session : sessions.keySet()) {
            session.addCountersTo(sum, from);
        }
        return sum;
    }

    void release(Stream stream) {
        closedFromCaller.add(stream.caller.counters);
        closedFromCallee.add(stream.callee.counters);
        stream.close();
        ports.release(stream.caller.rtpPort);
        ports.release(stream.callee.rtpPort);
    }

    void sessionClosed(MediaSession session) {
        sessions.remove(session);
    }

    @Override
    public void close() {
        for (MediaSession session : List.copyOf(sessions.keySet())) {
            session.close();
        }
        loops.forEach(RelayLoop::close);
    }
}

package org.opensbc.media.relay;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensbc.media.PortPool;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.path.MediaEndpoint;
import org.opensbc.media.path.MediaPathBuilder;
import org.opensbc.media.path.PlainEndpoint;
import org.opensbc.media.path.RelayLoop;
import org.opensbc.media.path.Stream;
import org.opensbc.media.path.WebRtcLeg;
import org.opensbc.media.webrtc.WebRtcContext;
import org.opensbc.media.webrtc.WebRtcTransport;

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
    /** Whether the relay's sockets take IPv4 and IPv6 peers: both on "::", else the bind address's family. */
    private final boolean servesV4;
    private final boolean servesV6;
    /** The advertised address of each family, null where there is none. */
    private final String advertisedV4;
    private final String advertisedV6;
    /** Whether what a peer of each family is given is a loopback address. */
    private final boolean loopbackV4;
    private final boolean loopbackV6;
    /** The ICE host candidate addresses of a WebRTC leg: one per family served, the primary first. */
    private final List<InetAddress> candidateAddresses = new ArrayList<>();
    private volatile WebRtcContext webrtc;
    /** Where listeners are called (see {@link #report}). */
    private volatile java.util.concurrent.ExecutorService events;
    private final MediaTimeouts timeouts;
    /** Loaded at start when transcoding is on, so that a missing native library is logged then. */
    private final Opus opus;
    /** Counters of endpoints already closed, by the side they faced; live ones are summed when asked. */
    private final EndpointCounters closedFromCaller = new EndpointCounters();
    private final EndpointCounters closedFromCallee = new EndpointCounters();

    public MediaRelay(RelayConfig config) throws IOException {
        this.config = config;
        this.ports = new PortPool(config.firstPort(), config.lastPort());
        InetAddress bind = config.bindAddress();
        servesV6 = bind instanceof Inet6Address;
        servesV4 = !servesV6 || bind.isAnyLocalAddress(); // a "::" socket is dual-stack
        String primary = config.advertisedAddress();
        boolean primaryIsV6 = primary.indexOf(':') >= 0;
        advertisedV4 = primaryIsV6 ? null : primary;
        advertisedV6 = config.advertisedAddressV6() != null ? config.advertisedAddressV6() : primaryIsV6 ? primary : null;
        // literals: parsed, not looked up
        loopbackV4 = InetAddress.getByName(advertisedAddress(StandardProtocolFamily.INET)).isLoopbackAddress();
        loopbackV6 = InetAddress.getByName(advertisedAddress(StandardProtocolFamily.INET6)).isLoopbackAddress();
        for (StandardProtocolFamily family : List.of(primaryIsV6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET,
                primaryIsV6 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
            if (family == StandardProtocolFamily.INET ? servesV4 : servesV6) {
                InetAddress candidate = InetAddress.getByName(advertisedAddress(family)); // a literal: no lookup
                if (!candidateAddresses.contains(candidate)) {
                    candidateAddresses.add(candidate);
                }
            }
        }
        for (int i = 0; i < config.loops(); i++) {
            loops.add(new RelayLoop("media-relay-" + i));
        }
        timeouts = config.mediaTimeout().isZero() ? null
                : new MediaTimeouts(config.mediaTimeout(), sessions.keySet(), System::nanoTime);
        opus = config.transcoding() == TranscodingPolicy.OFF ? null : OpusLoader.load(config.opus());
    }

    TranscodingPolicy transcoding() {
        return config.transcoding();
    }

    DtmfDelivery dtmfTowardsWebRtc() {
        return config.dtmfTowardsWebRtc();
    }

    /**
     * Runs a listener's call off the relay loops (which must never wait on signalling), one at a
     * time in submission order. The thread is made on first use.
     */
    void report(Runnable event) {
        java.util.concurrent.ExecutorService executor = events;
        if (executor == null) {
            synchronized (this) {
                if (events == null) {
                    events = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
                        Thread thread = new Thread(task, "media-events");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                executor = events;
            }
        }
        try {
            executor.execute(event);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the relay is closing: the call's digits go with it
        }
    }

    /** The Opus implementation transcoders use; null when transcoding is off. */
    public Opus opus() {
        return opus;
    }

    /** A session; all its packets are moved by one loop, so a packet never crosses threads. */
    public MediaSession newSession(String name) {
        return newSession(name, () -> { }, null);
    }

    /**
     * @param onMediaTimeout run (once, from the relay's timer thread) when the answered call's
     *                       media stops for the configured time
     * @param onDtmf         told of the digits a phone sends that go to a browser by signalling
     *                       (null: they are dropped there)
     */
    public MediaSession newSession(String name, Runnable onMediaTimeout, DtmfListener onDtmf) {
        RelayLoop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
        MediaSession session = new MediaSession(this, name, loop, onMediaTimeout, onDtmf);
        sessions.put(session, Boolean.TRUE);
        return session;
    }

    public int activeSessions() {
        return sessions.size();
    }

    /** RTP/RTCP port pairs in use (a WebRTC leg holds one pair for its bundled port). */
    public int portPairsInUse() {
        return ports.inUse();
    }

    /**
     * What SDP gives a peer of {@code family} (IPv4<->IPv6 interworking: each side is given the
     * relay's address of its own family); the primary advertised address when the relay has none
     * of that family, or when the family is not known (null).
     */
    String advertisedAddress(StandardProtocolFamily family) {
        if (family == StandardProtocolFamily.INET6 && servesV6 && advertisedV6 != null) {
            return advertisedV6;
        }
        if (family == StandardProtocolFamily.INET && servesV4 && advertisedV4 != null) {
            return advertisedV4;
        }
        return config.advertisedAddress();
    }

    /**
     * Whether the relay serves a peer at this address (its ICE candidates, the source of its
     * checks). It must agree with what is advertised: a relay bound to loopback, or advertising
     * loopback in the peer's family, reaches only loopback (127.0.0.1 and ::1 alike); one bound
     * to every interface serves whoever reaches it, loopback included (a host or namespace whose
     * only address is loopback advertises 127.0.0.1 or ::1, and a browser on the same host may use
     * it); one bound to a specific address cannot answer loopback. "::" serves both families,
     * 0.0.0.0 and IPv4 addresses IPv4 only, IPv6 addresses IPv6 only. Link-local addresses are
     * never routed, so never worth a check.
     */
    boolean canReach(InetAddress candidate) {
        InetAddress bind = config.bindAddress();
        boolean v6 = candidate instanceof Inet6Address;
        if (!(v6 ? servesV6 : servesV4)) {
            return false; // an IPv4 socket cannot send to IPv6, nor one bound to an IPv6 address to IPv4
        }
        if (bind.isLoopbackAddress() || (v6 ? loopbackV6 : loopbackV4)) {
            // a peer told only of a loopback address is on this host: its other addresses (a
            // browser's eth0 candidates) would make a pair the advertised address does not name
            return candidate.isLoopbackAddress();
        }
        if (candidate.isLinkLocalAddress()) {
            return false;
        }
        return bind.isAnyLocalAddress() || !candidate.isLoopbackAddress();
    }

    /** The next free pair that can be bound (another process may hold a port of the range). */
    PlainEndpoint bindPlain(MediaPathBuilder path) throws MediaException {
        for (int attempt = 0; attempt < Math.min(ports.capacity(), 64); attempt++) {
            OptionalInt port = ports.allocate();
            if (port.isEmpty()) {
                break;
            }
            try {
                return PlainEndpoint.bind(config.bindAddress(), port.getAsInt(), path);
            } catch (IOException e) {
                ports.release(port.getAsInt());
            }
        }
        throw outOfPorts();
    }

    /** A WebRTC leg on the even port of a free pair (the odd one stays unused: rtcp-mux). */
    WebRtcLeg bindWebRtc(MediaPathBuilder path) throws MediaException {
        for (int attempt = 0; attempt < Math.min(ports.capacity(), 64); attempt++) {
            OptionalInt port = ports.allocate();
            if (port.isEmpty()) {
                break;
            }
            DatagramChannel channel = null;
            try {
                channel = PlainEndpoint.open(config.bindAddress(), port.getAsInt());
                List<InetSocketAddress> candidates = new ArrayList<>();
                for (InetAddress address : candidateAddresses) {
                    candidates.add(new InetSocketAddress(address, port.getAsInt()));
                }
                WebRtcTransport transport = new WebRtcTransport(webRtcContext(), channel, candidates, this::canReach);
                return path.webRtcLeg(port.getAsInt(), channel, transport);
            } catch (IOException e) {
                PlainEndpoint.closeQuietly(channel);
                ports.release(port.getAsInt());
            }
        }
        throw outOfPorts();
    }

    private static MediaException outOfPorts() {
        return MediaException.relayFailure("media relay out of ports");
    }

    /** Created with the first WebRTC leg: its certificate and threads cost nothing until a browser calls. */
    private WebRtcContext webRtcContext() {
        WebRtcContext context = webrtc;
        if (context == null) {
            synchronized (this) {
                if (webrtc == null) {
                    webrtc = new WebRtcContext();
                }
                context = webrtc;
            }
        }
        return context;
    }

    /** Packets received from, and relayed for, one side over all sessions so far, live and closed. */
    public EndpointCounters totals(Side from) {
        EndpointCounters sum = new EndpointCounters();
        sum.add(closed(from));
        for (MediaSession session : sessions.keySet()) {
            session.addCountersTo(sum, from);
        }
        return sum;
    }

    private EndpointCounters closed(Side from) {
        return from == Side.CALLER ? closedFromCaller : closedFromCallee;
    }

    void release(Stream stream) {
        closedFromCaller.add(stream.caller.counters());
        closedFromCallee.add(stream.callee.counters());
        stream.close();
        if (stream.caller instanceof PlainEndpoint plain) {
            ports.release(plain.rtpPort);
        }
        if (stream.callee instanceof PlainEndpoint plain) {
            ports.release(plain.rtpPort);
        }
    }

    /** One endpoint of a line goes (its peer was replaced): its counters are kept, its port freed. */
    void retire(MediaEndpoint endpoint, Side facing) {
        closed(facing).add(endpoint.counters());
        endpoint.close();
        if (endpoint instanceof PlainEndpoint plain) {
            ports.release(plain.rtpPort);
        }
    }

    void releasePort(int port) {
        ports.release(port);
    }

    void release(WebRtcLeg leg, Side facing) {
        leg.addTransportCountersTo(closed(facing));
        leg.close();
        ports.release(leg.port());
    }

    void sessionClosed(MediaSession session) {
        sessions.remove(session);
    }

    @Override
    public void close() {
        if (timeouts != null) {
            timeouts.close();
        }
        for (MediaSession session : List.copyOf(sessions.keySet())) {
            session.close();
        }
        loops.forEach(RelayLoop::close);
        if (events != null) {
            events.shutdownNow();
        }
        WebRtcContext context = webrtc;
        if (context != null) {
            context.close();
        }
    }
}

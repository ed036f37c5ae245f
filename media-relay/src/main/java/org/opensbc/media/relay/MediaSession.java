package org.opensbc.media.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SdpException;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;

/**
 * The media of one call: each SDP one side sends goes through here and comes out anchored for
 * the other side. The first description allocates the streams; later ones (re-INVITE, UPDATE,
 * the answer) update where each side wants media and keep the gateway's ports. Thread-safe;
 * {@link #close()} frees every port whatever ended the call.
 */
public final class MediaSession implements AutoCloseable {

    private final MediaRelay relay;
    private final String name;
    /** By m= line index; null for a line that was never accepted. Guarded by this. */
    private final List<Stream> streams = new ArrayList<>();
    private final Origin towardsCaller = new Origin();
    private final Origin towardsCallee = new Origin();
    private boolean closed;

    MediaSession(MediaRelay relay, String name) {
        this.relay = relay;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** An offer from {@code from}: the offer to send to the other side. */
    public String offer(Side from, String body) throws SdpException, MediaException {
        return relay(from, body);
    }

    /** An answer from {@code from}: the answer to send to the other side. */
    public String answer(Side from, String body) throws SdpException, MediaException {
        return relay(from, body);
    }

    private synchronized String relay(Side from, String body) throws SdpException, MediaException {
        if (closed) {
            throw new MediaException(399, "media session " + name + " is closed", false);
        }
        SessionDescription in = SdpParser.parse(body);
        int[] ports = new int[in.media().size()];
        boolean anyAccepted = false;
        for (int i = 0; i < ports.length; i++) {
            MediaDescription m = in.media().get(i);
            InetSocketAddress remote = remoteRtp(in, m);
            if (m.isRejected() || !SdpAnchoring.isPlainRtp(m) || remote == null) {
                continue;
            }
            Stream stream = stream(i, m.media());
            boolean mux = m.hasAttribute("rtcp-mux");
            stream.facing(from).setRemote(remote, new InetSocketAddress(remote.getAddress(), rtcpPort(m)), mux);
            ports[i] = stream.facing(from.other()).rtpPort;
            anyAccepted = true;
        }
        if (!anyAccepted && !in.media().isEmpty()) {
            throw new MediaException(304, "no media stream the relay can carry (plain RTP/AVP expected)", false);
        }
        Origin origin = from == Side.CALLER ? towardsCallee : towardsCaller;
        SessionDescription out = SdpAnchoring.towardsPlain(in, relay.advertisedAddress(), "-", ports);
        out.set('o', origin.next(out.toString(), relay.advertisedAddress()));
        return out.toString();
    }

    private Stream stream(int index, String media) throws MediaException {
        while (streams.size() <= index) {
            streams.add(null);
        }
        Stream stream = streams.get(index);
        if (stream == null) {
            stream = relay.allocateStream(media);
            streams.set(index, stream);
        }
        return stream;
    }

    /** Where the side wants RTP for this line; null when the address is not a usable literal. */
    private static InetSocketAddress remoteRtp(SessionDescription sdp, MediaDescription m) {
        String address = sdp.connectionAddress(m);
        if (!SdpAnchoring.isLiteralAddress(address)) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(address), m.port());
        } catch (UnknownHostException e) {
            return null; // a literal that does not parse, e.g. 999.1.1.1
        }
    }

    /** a=rtcp's port (RFC 3605), else RTP + 1. */
    private static int rtcpPort(MediaDescription m) {
        String rtcp = m.attribute("rtcp").orElse("").trim();
        int end = rtcp.indexOf(' ');
        try {
            return Integer.parseInt(end < 0 ? rtcp : rtcp.substring(0, end));
        } catch (NumberFormatException e) {
            return m.port() + 1;
        }
    }

    /** Counters of the endpoint facing {@code side} on line {@code index}, or null. */
    public synchronized EndpointCounters counters(int index, Side side) {
        Stream stream = index < streams.size() ? streams.get(index) : null;
        return stream == null ? null : stream.facing(side).counters;
    }

    /** Where media from {@code side} on line {@code index} is latched, or null. */
    public synchronized InetSocketAddress latched(int index, Side side) {
        Stream stream = index < streams.size() ? streams.get(index) : null;
        return stream == null ? null : stream.facing(side).latchedAddress();
    }

    synchronized void addCountersTo(EndpointCounters sum, Side from) {
        for (Stream stream : streams) {
            if (stream != null) {
                sum.add(stream.facing(from).counters);
            }
        }
    }

    @Override
    public void close() {
        List<Stream> toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRelease = new ArrayList<>(streams);
            streams.clear();
        }
        for (Stream stream : toRelease) {
            if (stream != null) {
                relay.release(stream);
            }
        }
        relay.sessionClosed(this);
    }
}

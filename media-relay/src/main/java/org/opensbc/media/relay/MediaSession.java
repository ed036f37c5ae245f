package org.opensbc.media.relay;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.List;
import org.opensbc.media.path.MediaEndpoint;
import org.opensbc.media.path.MediaPathBuilder;
import org.opensbc.media.path.PlainEndpoint;
import org.opensbc.media.path.RelayLoop;
import org.opensbc.media.path.Stream;
import org.opensbc.media.path.WebRtcEndpoint;
import org.opensbc.media.path.WebRtcLeg;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SdpException;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.session.Origin;
import org.opensbc.media.session.PayloadTypes;
import org.opensbc.media.session.PlainRemote;
import org.opensbc.media.session.SdpAnchoring;
import org.opensbc.media.session.WebRtcSdp;
import org.opensbc.media.transcode.Transcoder;

/**
 * The media of one call: each SDP one side sends goes through here and comes out anchored for
 * the other side. Each side has a profile, PLAIN or WEBRTC, read from its own SDP (or, for the
 * side an offer goes to, chosen by the caller of {@link #offer}). The first description
 * allocates the streams; later ones (re-INVITE, UPDATE, the answer) update where each side wants
 * media and keep the gateway's ports. Thread-safe; {@link #close()} frees every port whatever
 * ended the call.
 */
public final class MediaSession implements AutoCloseable {

    private final MediaRelay relay;
    private final String name;
    /** Assembles each line's media path on the session's loop. */
    private final MediaPathBuilder path;
    // guarded by this, like everything the collaborators below keep
    private final Leg caller = new Leg(Side.CALLER);
    private final Leg callee = new Leg(Side.CALLEE);
    private final Lines lines;
    private final DtmfRouting dtmf;
    private final LineCodecs codecs;
    private final MediaActivity activity;
    private boolean closed;
    /** The last offer the relay sent (to either side), to complete an answer that drops lines. */
    private SessionDescription lastOfferSent;

    MediaSession(MediaRelay relay, String name, RelayLoop loop, Runnable onMediaTimeout, DtmfListener onDtmf) {
        this.relay = relay;
        this.name = name;
        this.path = new MediaPathBuilder(loop);
        this.lines = new Lines(relay, path);
        this.dtmf = new DtmfRouting(relay, loop, onDtmf, caller, callee);
        this.codecs = new LineCodecs(relay, lines, dtmf);
        this.activity = new MediaActivity(onMediaTimeout);
    }

    public String name() {
        return name;
    }

    /**
     * An offer from {@code from}: the offer to send to the other side.
     *
     * @param towards the other side's profile if it has none yet (a browser target: WEBRTC)
     */
    public String offer(Side from, String body, Profile towards) throws SdpException, MediaException {
        return relay(from, body, true, towards, null);
    }

    /**
     * The same to one of several targets of the other side (a fork), whose address family may
     * differ from the others': the offer names the relay by its address of {@code family}.
     */
    public String offer(Side from, String body, Profile towards, StandardProtocolFamily family)
            throws SdpException, MediaException {
        return relay(from, body, true, towards, family);
    }

    /** An offer towards a side whose profile is known, or a plain one. */
    public String offer(Side from, String body) throws SdpException, MediaException {
        return relay(from, body, true, Profile.PLAIN, null);
    }

    /** An answer from {@code from}: the answer to send to the other side. */
    public String answer(Side from, String body) throws SdpException, MediaException {
        return relay(from, body, false, null, null);
    }

    /**
     * The address family of the side's signalling peer (IPv4 or IPv6): SDP towards it names the
     * relay by its address of that family, until the side's own SDP gives a media address of
     * the other family (then that one wins).
     */
    public synchronized void signalledFamily(Side side, StandardProtocolFamily family) {
        leg(side).signalled = family;
    }

    /**
     * The peer on {@code side} is replaced by another (a transfer): every endpoint facing it goes,
     * with its WebRTC transport and the line's transcoders; the other side keeps its ports, its
     * ICE and DTLS, and so its media path. The next description from or towards {@code side}
     * describes the new peer, in whatever profile it has, and gets new ports facing it.
     */
    public synchronized void replacePeer(Side side) throws MediaException {
        if (closed) {
            throw MediaException.outOfOrder("media session " + name + " is closed");
        }
        lines.replacePeer(side);
        Leg leg = leg(side);
        if (leg.webrtc != null) {
            relay.release(leg.webrtc, side);
            leg.webrtc = null;
        }
        leg.profile = null;
        leg.mids = List.of();
        leg.origin = new Origin();
        lastOfferSent = null;
    }

    /** The profile of a side, once known. */
    public synchronized Profile profile(Side side) {
        return leg(side).profile;
    }

    private synchronized String relay(Side from, String body, boolean offer, Profile towards,
            StandardProtocolFamily towardsFamily) throws SdpException, MediaException {
        if (closed) {
            throw MediaException.outOfOrder("media session " + name + " is closed");
        }
        SessionDescription in = SdpParser.parse(body);
        if (!offer) {
            SdpAnchoring.completeAnswer(in, lastOfferSent);
        }
        Leg source = leg(from);
        Leg target = leg(from.other());
        Leg.settleProfiles(in, source, target, offer, towards);
        source.mids = in.media().stream().map(m -> m.attribute("mid").orElse(null)).toList();
        if (source.profile == Profile.PLAIN) {
            StandardProtocolFamily described = PlainRemote.family(in);
            source.described = described != null ? described : source.described;
        }
        if (source.profile == Profile.WEBRTC) {
            source.connect(in, offer, relay, path);
        }
        if (target.profile == Profile.WEBRTC && target.webrtc == null) {
            target.webrtc = relay.bindWebRtc(path);
        }
        int[] ports = new int[in.media().size()];
        boolean anyAccepted = false;
        for (int i = 0; i < ports.length; i++) {
            MediaDescription m = in.media().get(i);
            InetSocketAddress remote = source.profile == Profile.PLAIN ? PlainRemote.rtp(in, m) : null;
            if (m.isRejected() || !source.profile.carries(m) || (source.profile == Profile.PLAIN && remote == null)) {
                if (!offer) {
                    lines.release(i); // the answer refused the line: its ports go back now, not at hang-up
                }
                continue;
            }
            Stream stream = lines.open(i, m.media(), caller, callee);
            stream.declared(from, new PayloadTypes(m));
            MediaEndpoint facingSource = stream.facing(from);
            if (facingSource instanceof PlainEndpoint plain) {
                plain.setRemote(remote, new InetSocketAddress(remote.getAddress(), PlainRemote.rtcpPort(m)),
                        m.hasAttribute("rtcp-mux"));
            } else {
                source.webrtc.route(m.formats(), (WebRtcEndpoint) facingSource);
            }
            ports[i] = stream.facing(from.other()).port();
            anyAccepted = true;
        }
        if (!anyAccepted && !in.media().isEmpty()) {
            throw MediaException.mediaTypeNotAvailable(
                    "no media stream the relay can carry (RTP/AVP or UDP/TLS/RTP/SAVPF expected)");
        }
        String advertised = relay.advertisedAddress(towardsFamily != null ? towardsFamily : target.family());
        SessionDescription out = target.profile == Profile.PLAIN
                ? SdpAnchoring.towardsPlain(in, advertised, "-", ports, source.profile == Profile.WEBRTC)
                : WebRtcSdp.towardsWebRtc(in, advertised, "-", ports, target.webrtc.transport(), offer, target.mids);
        if (offer) {
            codecs.offered(from, in, out, ports, target.profile);
        } else {
            codecs.answered(in, out, ports, target);
        }
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] != 0 && target.profile == Profile.WEBRTC) {
                // the browser sends with the payload types it was given, which may include the relay's
                target.webrtc.route(out.media().get(i).formats(), (WebRtcEndpoint) lines.get(i).facing(target.side));
            }
        }
        out.set('o', target.origin.next(out.toString(), advertised));
        if (!offer) {
            activity.answered();
        } else {
            lastOfferSent = out;
        }
        return out.toString();
    }

    /**
     * Plays a DTMF digit that came by signalling (SIP INFO) to {@code towards} as RFC 4733 events
     * in its audio, with the telephone-event it agreed to.
     *
     * @param digit  0-9, *, #, A-D
     * @param millis how long the key is held (40 ms to 5 s; longer or shorter is clamped)
     * @return false when that side agreed to no telephone-event (or the digit is none), so the
     *         caller can pass the digit on by signalling instead
     */
    public synchronized boolean sendDtmf(Side towards, char digit, int millis) {
        return !closed && dtmf.play(lines.live(), towards, digit, millis);
    }

    private Leg leg(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    /** Counters of the endpoint facing {@code side} on line {@code index}, or null. */
    public synchronized EndpointCounters counters(int index, Side side) {
        Stream stream = lines.get(index);
        return stream == null ? null : stream.facing(side).counters();
    }

    /** Counters of what the side's WebRTC port dropped before any line (foreign, forged...), or null. */
    public synchronized EndpointCounters transportCounters(Side side) {
        WebRtcLeg webrtc = leg(side).webrtc;
        if (webrtc == null) {
            return null;
        }
        EndpointCounters sum = new EndpointCounters();
        webrtc.addTransportCountersTo(sum);
        return sum;
    }

    /** The transcoder of what {@code side} sends on line {@code index}; null when it passes through. */
    synchronized Transcoder transcoderFrom(int index, Side side) {
        Stream stream = lines.get(index);
        return stream == null ? null : stream.transcoderFrom(side);
    }

    /** Where media from {@code side} on line {@code index} comes from (latched, or ICE-selected), or null. */
    public synchronized InetSocketAddress latched(int index, Side side) {
        Stream stream = lines.get(index);
        return stream == null ? null : stream.facing(side).latchedAddress();
    }

    /** True once the side's WebRTC transport has SRTP keys (ICE and DTLS done); false for plain sides. */
    public synchronized boolean isSecure(Side side) {
        WebRtcLeg webrtc = leg(side).webrtc;
        return webrtc != null && webrtc.transport().isSecure();
    }

    /** From the timeout thread: runs the listener once when nothing arrived for {@code timeoutNanos}. */
    void checkMediaTimeout(long now, long timeoutNanos) {
        activity.check(now, timeoutNanos, this::receivedPackets);
    }

    private synchronized long receivedPackets() {
        return lines.receivedPackets();
    }

    synchronized void addCountersTo(EndpointCounters sum, Side from) {
        lines.addCountersTo(sum, from);
        WebRtcLeg webrtc = leg(from).webrtc;
        if (webrtc != null) {
            webrtc.addTransportCountersTo(sum);
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
            toRelease = lines.closeAll();
        }
        for (Stream stream : toRelease) {
            relay.release(stream);
        }
        for (Leg leg : List.of(caller, callee)) {
            if (leg.webrtc != null) {
                relay.release(leg.webrtc, leg.side);
            }
        }
        relay.sessionClosed(this);
    }
}

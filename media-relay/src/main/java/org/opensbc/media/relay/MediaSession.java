package org.opensbc.media.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opensbc.media.dtmf.DtmfSender;
import org.opensbc.media.dtmf.DtmfTap;
import org.opensbc.media.dtmf.EventFormat;
import org.opensbc.media.dtmf.SignalledDigits;
import org.opensbc.media.dtmf.TelephoneEvent;
import org.opensbc.media.path.EndpointCounters;
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
import org.opensbc.media.session.CodecNegotiation;
import org.opensbc.media.session.Origin;
import org.opensbc.media.session.PayloadTypes;
import org.opensbc.media.session.PlainRemote;
import org.opensbc.media.session.SdpAnchoring;
import org.opensbc.media.session.WebRtcSdp;
import org.opensbc.media.transcode.Transcoder;
import org.opensbc.media.webrtc.PeerTransport;

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
    private final RelayLoop loop;
    /** Assembles each line's media path on {@link #loop}. */
    private final MediaPathBuilder path;
    /** By m= line index; null for a line that was never accepted or was rejected. Guarded by this. */
    private final List<Stream> streams = new ArrayList<>();
    /**
     * After {@link #replacePeer}: by line, the endpoint that faces the side that stayed, to be
     * paired with the new peer's on the next description. Guarded by this.
     */
    private final java.util.Map<Integer, Survivor> survivors = new java.util.HashMap<>();

    /** An endpoint kept across a replaced peer, and the side it faces. */
    private record Survivor(MediaEndpoint endpoint, Side facing) { }
    private final Leg caller = new Leg(Side.CALLER);
    private final Leg callee = new Leg(Side.CALLEE);
    private boolean closed;
    /** The last offer the relay sent (to either side), to complete an answer that drops lines. */
    private SessionDescription lastOfferSent;
    private final Runnable onMediaTimeout;
    private final DtmfListener onDtmf;
    /** Media timeout bookkeeping, touched only by the timeout thread (after the first answer). */
    private volatile boolean answered;
    private long lastReceived = -1;
    private long quietSince;
    private boolean timedOut;

    MediaSession(MediaRelay relay, String name, RelayLoop loop, Runnable onMediaTimeout, DtmfListener onDtmf) {
        this.relay = relay;
        this.name = name;
        this.loop = loop;
        this.path = new MediaPathBuilder(loop);
        this.onMediaTimeout = onMediaTimeout;
        this.onDtmf = onDtmf;
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
            applyPeerTransport(in, source, offer);
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
                    release(i); // the answer refused the line: its ports go back now, not at hang-up
                }
                continue;
            }
            Stream stream = stream(i, m.media());
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
            recordOffer(from, in, out, ports, target.profile);
        } else {
            settleCodecs(in, out, ports, target);
        }
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] != 0 && target.profile == Profile.WEBRTC) {
                // the browser sends with the payload types it was given, which may include the relay's
                target.webrtc.route(out.media().get(i).formats(), (WebRtcEndpoint) streams.get(i).facing(target.side));
            }
        }
        out.set('o', target.origin.next(out.toString(), advertised));
        if (!offer) {
            answered = true; // media is expected from now on
        } else {
            lastOfferSent = out;
        }
        return out.toString();
    }

    /** The offer as it came, and what the relay added to it for the other side, line by line. */
    private void recordOffer(Side from, SessionDescription in, SessionDescription out, int[] ports, Profile towards) {
        List<Set<String>> added = CodecNegotiation.extendOffer(out, towards, relay.transcoding());
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] != 0) {
                streams.get(i).offered(from, in.media().get(i).copy(), added.get(i));
            }
        }
    }

    /**
     * The answer decides each line's wiring: pass-through (the answer is renumbered to the
     * offerer's payload types) or a transcoder per direction (the answer is rewritten to the
     * offerer's own codec).
     */
    private void settleCodecs(SessionDescription in, SessionDescription out, int[] ports, Leg offerer)
            throws MediaException {
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] == 0) {
                continue;
            }
            Stream stream = streams.get(i);
            MediaDescription towardsOfferer = out.media().get(i);
            Optional<CodecNegotiation.Transcoding> plans = stream.offer() == null ? Optional.empty()
                    : CodecNegotiation.settle(stream.offer(), offerer.profile, stream.added(), relay.transcoding(),
                            in.media().get(i), towardsOfferer);
            if (plans.isPresent()) {
                settleEvents(stream, in.media().get(i), towardsOfferer, offerer.side);
                try {
                    stream.transcode(plans.get(), relay.opus());
                } catch (RuntimeException e) {
                    throw MediaException.relayFailure("transcoder failed to start: " + e.getMessage());
                }
            } else {
                PayloadTypes.renumber(towardsOfferer, stream.declaredBy(offerer.side));
                settleEvents(stream, in.media().get(i), towardsOfferer, offerer.side);
                stream.passThrough();
            }
        }
    }

    /**
     * Each side's telephone-event, from the answer it sent or was sent; and whether a phone's
     * digits go to a browser by signalling rather than in RTP.
     */
    private void settleEvents(Stream stream, MediaDescription answer, MediaDescription towardsOfferer, Side offerer) {
        EventFormat offererEvents = CodecNegotiation.negotiatedEvent(towardsOfferer);
        EventFormat answererEvents = CodecNegotiation.negotiatedEvent(answer);
        EventFormat callerEvents = offerer == Side.CALLER ? offererEvents : answererEvents;
        EventFormat calleeEvents = offerer == Side.CALLER ? answererEvents : offererEvents;
        stream.settleEvents(callerEvents, calleeEvents, digitsFrom(Side.CALLER), digitsFrom(Side.CALLEE));
    }

    private DtmfTap.DigitListener digitsFrom(Side from) {
        return SignalledDigits.listener(relay, onDtmf, from, leg(from).profile, leg(from.other()).profile);
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
        int code = TelephoneEvent.code(digit);
        if (closed || code < 0) {
            return false;
        }
        for (Stream stream : streams) {
            EventFormat events = stream == null ? null : stream.events(towards);
            if (events != null) {
                stream.dtmfTo(towards, loop).play(new DtmfSender.Digit(code, millis, events.payloadType(),
                        events.clockRate()));
                return true;
            }
        }
        return false;
    }

    /** The WebRTC side's ICE credentials, candidates and DTLS fingerprint go to its transport. */
    private void applyPeerTransport(SessionDescription in, Leg source, boolean offer) throws MediaException {
        MediaDescription first = null;
        for (MediaDescription m : in.media()) {
            if (!m.isRejected() && SdpAnchoring.isWebRtc(m)) {
                first = m;
                break;
            }
        }
        if (first == null) {
            return; // every line rejected: nothing to connect
        }
        PeerTransport peer = PeerTransport.of(in, first, relay::canReach).orElseThrow(() -> MediaException.incompatibleFormat(
                "WebRTC description without ICE credentials or DTLS fingerprint"));
        try {
            if (source.webrtc == null) {
                source.webrtc = relay.bindWebRtc(path);
            }
            if (offer) {
                source.webrtc.transport().onPeerOffer(peer);
            } else {
                source.webrtc.transport().onPeerAnswer(peer);
            }
        } catch (IOException e) {
            throw MediaException.relayFailure("ICE agent failed to start: " + e.getMessage());
        }
    }

    private Leg leg(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    private Stream stream(int index, String media) throws MediaException {
        while (streams.size() <= index) {
            streams.add(null);
        }
        Stream stream = streams.get(index);
        if (stream == null) {
            // a line whose other peer was replaced keeps the endpoint facing the side that stayed
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
        }
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

    private void release(int index) {
        if (index < streams.size() && streams.get(index) != null) {
            relay.release(streams.get(index));
            streams.set(index, null);
        }
    }

    /** Counters of the endpoint facing {@code side} on line {@code index}, or null. */
    public synchronized EndpointCounters counters(int index, Side side) {
        Stream stream = index < streams.size() ? streams.get(index) : null;
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
        Stream stream = index < streams.size() ? streams.get(index) : null;
        return stream == null ? null : stream.transcoderFrom(side);
    }

    /** Where media from {@code side} on line {@code index} comes from (latched, or ICE-selected), or null. */
    public synchronized InetSocketAddress latched(int index, Side side) {
        Stream stream = index < streams.size() ? streams.get(index) : null;
        return stream == null ? null : stream.facing(side).latchedAddress();
    }

    /** True once the side's WebRTC transport has SRTP keys (ICE and DTLS done); false for plain sides. */
    public synchronized boolean isSecure(Side side) {
        WebRtcLeg webrtc = leg(side).webrtc;
        return webrtc != null && webrtc.transport().isSecure();
    }

    /** From the timeout thread: runs the listener once when nothing arrived for {@code timeoutNanos}. */
    void checkMediaTimeout(long now, long timeoutNanos) {
        if (!answered || timedOut) {
            return;
        }
        long received = receivedPackets();
        if (received != lastReceived) {
            lastReceived = received;
            quietSince = now;
        } else if (now - quietSince >= timeoutNanos) {
            timedOut = true;
            onMediaTimeout.run();
        }
    }

    /** RTP and RTCP received from both sides on every line (what keeps a call alive). */
    private synchronized long receivedPackets() {
        long sum = 0;
        for (Stream stream : streams) {
            if (stream != null) {
                sum += stream.caller.counters().received() + stream.callee.counters().received();
            }
        }
        return sum;
    }

    synchronized void addCountersTo(EndpointCounters sum, Side from) {
        for (Stream stream : streams) {
            if (stream != null) {
                sum.add(stream.facing(from).counters());
            }
        }
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
            toRelease = new ArrayList<>(streams);
            streams.clear();
            for (Survivor s : survivors.values()) {
                relay.retire(s.endpoint(), s.facing());
            }
            survivors.clear();
        }
        for (Stream stream : toRelease) {
            if (stream != null) {
                relay.release(stream);
            }
        }
        for (Leg leg : List.of(caller, callee)) {
            if (leg.webrtc != null) {
                relay.release(leg.webrtc, leg.side);
            }
        }
        relay.sessionClosed(this);
    }
}

package org.opensbc.media.webrtc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of one WebRTC leg: one UDP port of the relay carrying ICE, DTLS and SRTP/SRTCP
 * (BUNDLE and rtcp-mux), told apart by their first byte (RFC 7983). Media goes only to and from
 * the address ICE selected; the DTLS handshake with the peer (authenticated by its SDP
 * fingerprint) yields the SRTP keys.
 *
 * <p>Threads: {@link #onPacket} and {@link #send} run on the relay loop that owns the port; the
 * peer's description arrives from signalling threads; ICE and DTLS report from their own threads.
 */
public final class WebRtcTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcTransport.class);
    /** DTLS records that arrive before ICE has picked the peer's address, kept for it. */
    private static final int EARLY_DTLS = 8;
    /** Room for the largest datagram plus the SRTP tag appended in place. */
    private static final int BUFFER = 1_500 + 64;

    /** Where decrypted media goes (the relay's streams of this leg). */
    public interface Receiver {
        /** @param packet plain RTP or RTCP, valid only during the call */
        void onMedia(ByteBuffer packet, boolean rtcp);
    }

    private final WebRtcContext context;
    private final DatagramChannel channel;
    /** The leg's host candidates as SDP shows them, one per address family the relay serves. */
    private final List<InetSocketAddress> advertised;
    private final Predicate<InetAddress> reachable;
    private final DtlsChannel dtlsChannel;
    private final DtlsSession dtls;
    private final TransportCounters counters = new TransportCounters();
    private final PacketBuffer received = new PacketBuffer(BUFFER);
    private final PacketBuffer sending = new PacketBuffer(BUFFER);
    private final List<Early> early = new ArrayList<>();
    private volatile IceSession ice;
    private volatile InetSocketAddress selected;
    private volatile SrtpTransformer srtp;
    private volatile Receiver receiver;
    private volatile DtlsSession.Role role;
    private volatile Fingerprint peerFingerprint;
    private volatile boolean closed;

    private record Early(InetSocketAddress source, ByteBuffer record) { }

    /**
     * @param channel    the leg's bound, non-blocking socket; the transport owns it from now on
     * @param advertised the addresses and port SDP shows for it (one per family, the primary first)
     * @param reachable  peers the relay serves from where it listens (loopback only for a
     *                   loopback-bound relay): others get no STUN answer, so ICE never picks them
     */
    public WebRtcTransport(WebRtcContext context, DatagramChannel channel, List<InetSocketAddress> advertised,
            Predicate<InetAddress> reachable) throws IOException {
        if (advertised.isEmpty()) {
            throw new IllegalArgumentException("a WebRTC leg needs at least one advertised address");
        }
        this.context = context;
        this.channel = channel;
        this.advertised = List.copyOf(advertised);
        this.reachable = reachable;
        this.dtlsChannel = new DtlsChannel(channel);
        this.dtls = new DtlsSession(dtlsChannel);
        this.ice = new IceSession(channel, advertised, this::selected);
    }

    public void setReceiver(Receiver receiver) {
        this.receiver = receiver;
    }

    public int port() {
        return advertised.get(0).getPort();
    }

    public String iceUfrag() {
        return ice.localUfrag();
    }

    public String icePassword() {
        return ice.localPassword();
    }

    public Fingerprint fingerprint() {
        return context.fingerprint();
    }

    /**
     * The a=candidate values of the relay's host candidates: one per address family it serves
     * (an IPv6 browser pairs with the IPv6 one, an IPv4 browser with the IPv4 one), the primary
     * first and preferred.
     */
    public List<String> candidates() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < advertised.size(); i++) {
            InetSocketAddress a = advertised.get(i);
            lines.add(IceCandidate.hostLine(i + 1, i, a.getAddress(), a.getPort()));
        }
        return lines;
    }

    /** a=setup in an offer of ours: actpass until a role is settled, then that role (kept across re-offers). */
    public String setupForOffer() {
        DtlsSession.Role settled = role;
        return settled == null ? "actpass" : setupOf(settled);
    }

    /** a=setup in an answer of ours. */
    public String setupForAnswer() {
        DtlsSession.Role settled = role;
        return setupOf(settled == null ? DtlsSession.Role.CLIENT : settled);
    }

    private static String setupOf(DtlsSession.Role role) {
        return role == DtlsSession.Role.CLIENT ? "active" : "passive";
    }

    /** The peer offered: the relay takes the active role unless the peer insists on it (RFC 5763 section 5). */
    public void onPeerOffer(PeerTransport peer) throws IOException {
        if (role == null) {
            role = peer.setup().equals("active") ? DtlsSession.Role.SERVER : DtlsSession.Role.CLIENT;
        }
        apply(peer);
    }

    /** The peer answered an offer of ours (actpass): it chose its role, the relay takes the other. */
    public void onPeerAnswer(PeerTransport peer) throws IOException {
        if (role == null) {
            role = peer.setup().equals("passive") ? DtlsSession.Role.CLIENT : DtlsSession.Role.SERVER;
        }
        apply(peer);
    }

    /** True when the peer's description restarts ICE (a new ufrag): call before building our SDP. */
    public boolean isIceRestart(PeerTransport peer) {
        String current = ice.remoteUfrag();
        return current != null && !current.equals(peer.iceUfrag());
    }

    private synchronized void apply(PeerTransport peer) throws IOException {
        if (closed) {
            return;
        }
        if (isIceRestart(peer)) {
            IceSession old = ice;
            ice = new IceSession(channel, advertised, this::selected);
            old.close();
        }
        Fingerprint known = peerFingerprint;
        if (known != null && !known.equals(peer.fingerprint())) {
            LOG.info("peer on port {} changed its DTLS fingerprint; the established keys stay", port());
        } else {
            peerFingerprint = peer.fingerprint();
        }
        ice.start(peer.iceUfrag(), peer.icePassword(), peer.candidates());
        startDtlsIfReady();
    }

    /** True once SRTP keys exist: media can flow. */
    public boolean isSecure() {
        return srtp != null;
    }

    public InetSocketAddress selectedAddress() {
        return selected;
    }

    public TransportCounters counters() {
        return counters;
    }

    private void selected(InetSocketAddress address) {
        List<ByteBuffer> replay = new ArrayList<>();
        synchronized (early) {
            if (address.equals(selected)) {
                return;
            }
            selected = address;
            dtlsChannel.setRemote(address);
            for (Early e : early) {
                if (e.source().equals(address)) {
                    replay.add(e.record());
                }
            }
            early.clear();
        }
        replay.forEach(dtlsChannel::offer);
        startDtlsIfReady();
    }

    private void startDtlsIfReady() {
        DtlsSession.Role settled = role;
        Fingerprint expected = peerFingerprint;
        if (settled != null && expected != null && selected != null) {
            dtls.start(settled, context.crypto, new DtlsCredentials(context.crypto, context.identity, expected),
                    context.handshakes, keys -> srtp = new SrtpTransformer(keys),
                    failure -> LOG.info("DTLS handshake on port {} failed: {}", port(), failure.toString()));
        }
    }

    /** From the relay loop: one datagram that arrived on the leg's port. */
    public void onPacket(ByteBuffer packet, InetSocketAddress source) {
        if (!packet.hasRemaining()) {
            counters.malformed.increment();
            return;
        }
        // the selected address passed this test when ICE chose it (and the test allocates)
        if (!source.equals(selected) && !reachable.test(source.getAddress())) {
            counters.foreign.increment();
            return;
        }
        int first = packet.get(packet.position()) & 0xFF;
        if (first <= 3) {
            counters.stun.increment();
            ice.onStun(packet, source); // ice4j checks MESSAGE-INTEGRITY before it answers
        } else if (first >= 20 && first <= 63) {
            onDtls(packet, source);
        } else if (first >= 128 && first <= 191) {
            onSrtp(packet, source);
        } else {
            counters.malformed.increment();
        }
    }

    private void onDtls(ByteBuffer packet, InetSocketAddress source) {
        InetSocketAddress peer = selected;
        if (source.equals(peer)) {
            counters.dtls.increment();
            dtlsChannel.offer(packet);
            return;
        }
        if (peer == null) {
            synchronized (early) {
                if (selected == null && early.size() < EARLY_DTLS) {
                    ByteBuffer copy = ByteBuffer.allocate(packet.remaining()).put(packet.duplicate()).flip();
                    early.add(new Early(source, copy));
                    return;
                }
            }
        }
        counters.foreign.increment(); // e.g. a ClientHello from an address that never passed ICE
    }

    private void onSrtp(ByteBuffer packet, InetSocketAddress source) {
        if (!source.equals(selected)) {
            counters.foreign.increment();
            return;
        }
        SrtpTransformer keys = srtp;
        if (keys == null || packet.remaining() < 12) {
            counters.unauthenticated.increment();
            return;
        }
        boolean rtcp = isRtcp(packet);
        received.load(packet);
        boolean authentic = rtcp ? keys.unprotectRtcp(received) : keys.unprotectRtp(received);
        if (!authentic) {
            counters.unauthenticated.increment();
            return;
        }
        Receiver to = receiver;
        if (to != null) {
            to.onMedia(received.view(), rtcp);
        }
    }

    /** RFC 5761 section 4: with RTCP muxed, RTCP packet types 192-223 occupy the second byte. */
    private static boolean isRtcp(ByteBuffer packet) {
        int type = packet.get(packet.position() + 1) & 0xFF;
        return type >= 192 && type <= 223;
    }

    /** From the relay loop: protects plain RTP or RTCP and sends it to the peer. */
    public boolean send(ByteBuffer packet, boolean rtcp) {
        InetSocketAddress to = selected;
        SrtpTransformer keys = srtp;
        if (to == null || keys == null || packet.remaining() > BUFFER - 64) {
            return false;
        }
        sending.load(packet);
        if (!(rtcp ? keys.protectRtcp(sending) : keys.protectRtp(sending))) {
            return false;
        }
        try {
            return channel.send(sending.view(), to) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ice.close();
        dtls.close();
        SrtpTransformer keys = srtp;
        if (keys != null) {
            keys.close();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the port goes back to the pool either way
        }
    }
}

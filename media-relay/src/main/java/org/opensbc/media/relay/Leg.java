package org.opensbc.media.relay;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.util.List;
import org.opensbc.media.path.MediaPathBuilder;
import org.opensbc.media.path.WebRtcLeg;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.session.Origin;
import org.opensbc.media.session.SdpAnchoring;
import org.opensbc.media.webrtc.PeerTransport;

/** One side of a {@link MediaSession}: its profile, WebRTC transport, mids and address family. Guarded by the session. */
final class Leg {

    final Side side;
    Origin origin = new Origin();
    Profile profile;
    WebRtcLeg webrtc;
    /** The a=mid this side gave each line (null where none): answers to a browser echo them. */
    List<String> mids = List.of();
    /** The family of the side's signalling address: what it is given until its SDP says more. */
    StandardProtocolFamily signalled;
    /** The family of the media address a plain side's own SDP gave (its c= line). */
    StandardProtocolFamily described;

    Leg(Side side) {
        this.side = side;
    }

    /** The family the side gets the relay's address in; null when nothing told it. */
    StandardProtocolFamily family() {
        return described != null ? described : signalled;
    }

    /**
     * Each side's profile from its own description; the side an offer goes to, before it has
     * said anything, takes {@code towards}.
     */
    static void settleProfiles(SessionDescription in, Leg source, Leg target, boolean offer, Profile towards)
            throws MediaException {
        Profile profile = Profile.of(in);
        if (profile == null) {
            if (in.media().isEmpty()) {
                profile = source.profile == null ? Profile.PLAIN : source.profile;
            } else {
                throw MediaException.mediaTypeNotAvailable("no RTP media stream (RTP/AVP or UDP/TLS/RTP/SAVPF expected)");
            }
        }
        if (source.profile == null) {
            source.profile = profile;
        } else if (source.profile != profile) {
            throw MediaException.incompatibleFormat("a side may not switch between plain RTP and WebRTC mid-call");
        }
        if (target.profile == null) {
            if (!offer) {
                throw MediaException.outOfOrder("an answer before any offer");
            }
            target.profile = towards == null ? Profile.PLAIN : towards;
        }
    }

    /**
     * A WebRTC side's description: its ICE credentials, candidates and DTLS fingerprint go to
     * its transport, bound on first use.
     */
    void connect(SessionDescription in, boolean offer, MediaRelay relay, MediaPathBuilder path) throws MediaException {
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
            if (webrtc == null) {
                webrtc = relay.bindWebRtc(path);
            }
            if (offer) {
                webrtc.transport().onPeerOffer(peer);
            } else {
                webrtc.transport().onPeerAnswer(peer);
            }
        } catch (IOException e) {
            throw MediaException.relayFailure("ICE agent failed to start: " + e.getMessage());
        }
    }
}

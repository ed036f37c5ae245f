package org.opensbc.media.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.net.InetAddress;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;

/**
 * What a WebRTC peer's SDP says about its transport: ICE credentials and candidates, the DTLS
 * fingerprint and role. Taken from the first bundled m= line (the one that carries the
 * transport), with session-level attributes as the fallback.
 */
public record PeerTransport(String iceUfrag, String icePassword, List<IceCandidate> candidates,
        Fingerprint fingerprint, String setup) {

    /**
     * @param usable which candidate addresses the relay can reach from where it listens
     * @return the transport, or empty when the description lacks ICE credentials or a fingerprint
     */
    public static Optional<PeerTransport> of(SessionDescription sdp, MediaDescription m, Predicate<InetAddress> usable) {
        String ufrag = attribute(sdp, m, "ice-ufrag");
        String password = attribute(sdp, m, "ice-pwd");
        Fingerprint fingerprint = Fingerprint.parse(attribute(sdp, m, "fingerprint"));
        String setup = attribute(sdp, m, "setup");
        if (ufrag == null || password == null || fingerprint == null) {
            return Optional.empty();
        }
        List<IceCandidate> candidates = new ArrayList<>();
        for (String line : m.attributes("candidate")) {
            IceCandidate candidate = IceCandidate.parse(line);
            if (candidate != null && usable.test(candidate.address())) {
                candidates.add(candidate);
            }
        }
        return Optional.of(new PeerTransport(ufrag.trim(), password.trim(), candidates, fingerprint,
                setup == null ? "actpass" : setup.trim().toLowerCase()));
    }

    private static String attribute(SessionDescription sdp, MediaDescription m, String name) {
        return m.attribute(name).or(() -> sdp.attribute(name)).orElse(null);
    }
}

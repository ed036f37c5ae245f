package org.opensbc.media.relay;

import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.session.SdpAnchoring;

/**
 * How a side carries media, chosen from its own SDP (never configured): a browser offers
 * UDP/TLS/RTP/SAVPF (ICE, DTLS-SRTP, BUNDLE), a phone or trunk RTP/AVP.
 */
public enum Profile {
    PLAIN, WEBRTC;

    /** The profile of a description: WEBRTC when any usable line is DTLS-SRTP; null when no line is RTP. */
    public static Profile of(SessionDescription sdp) {
        Profile found = null;
        for (MediaDescription m : sdp.media()) {
            if (SdpAnchoring.isWebRtc(m)) {
                return WEBRTC;
            }
            if (SdpAnchoring.isPlainRtp(m)) {
                found = PLAIN;
            }
        }
        return found;
    }

    boolean carries(MediaDescription m) {
        return this == WEBRTC ? SdpAnchoring.isWebRtc(m) : SdpAnchoring.isPlainRtp(m);
    }
}

package org.opensbc.media.session;

import java.util.Set;
import java.util.regex.Pattern;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;

/**
 * Rewrites a description for the other side so that every address and port in it is the
 * gateway's: origin, connection lines, media ports, a=rtcp. Attributes that describe the first
 * side's transport (ICE candidates and credentials, DTLS fingerprint and role) are removed;
 * codecs, directions and everything else pass unchanged. Towards a plain RTP side, the
 * WebRTC-only attributes (BUNDLE, mid, msid, SSRCs, header extensions, feedback) go too.
 */
public final class SdpAnchoring {

    /** Attributes of one side's transport that must not reach the other (lower case). */
    static final Set<String> TRANSPORT_ATTRIBUTES = Set.of("candidate", "remote-candidates",
            "end-of-candidates", "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch",
            "fingerprint", "setup", "tls-id", "crypto");
    /** What only a WebRTC peer understands, or what describes a browser's streams. */
    static final Set<String> WEBRTC_ATTRIBUTES = Set.of("group", "mid", "msid", "msid-semantic", "ssrc",
            "ssrc-group", "extmap", "extmap-allow-mixed", "rtcp-fb", "rtcp-rsize", "rtcp-mux", "rtcp-mux-only",
            "sctp-port", "sctpmap", "max-message-size");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SdpAnchoring() {
    }

    /**
     * @param ports       the gateway's RTP port for each m= line of {@code in}; 0 rejects the line
     * @param origin      the o= value to send
     * @param fromWebRtc  {@code in} came from a WebRTC side: its profile and WebRTC attributes go
     */
    public static SessionDescription towardsPlain(SessionDescription in, String advertised, String origin, int[] ports,
            boolean fromWebRtc) {
        SessionDescription out = in.copy();
        out.set('o', origin);
        out.set('c', connection(advertised));
        out.removeAttributes(TRANSPORT_ATTRIBUTES::contains);
        if (fromWebRtc) {
            out.removeAttributes(WEBRTC_ATTRIBUTES::contains);
        }
        for (int i = 0; i < out.media().size(); i++) {
            MediaDescription m = out.media().get(i);
            m.remove('c');
            if (fromWebRtc && isWebRtc(m)) {
                m.setProto("RTP/AVP");
            }
            if (ports[i] == 0) {
                reject(m);
                continue;
            }
            m.setPort(ports[i]);
            m.removeAttributes(TRANSPORT_ATTRIBUTES::contains);
            if (fromWebRtc) {
                m.removeAttributes(WEBRTC_ATTRIBUTES::contains);
            }
            if (m.hasAttribute("rtcp")) {
                m.setAttribute("rtcp", Integer.toString(ports[i] + 1));
            }
        }
        return out;
    }

    /** RFC 3264 section 6: port 0, the formats kept, nothing else said about the stream. */
    static void reject(MediaDescription m) {
        m.setPort(0);
        m.removeAttributes(name -> !name.equals("mid"));
    }

    static String connection(String address) {
        return (address.indexOf(':') >= 0 ? "IN IP6 " : "IN IP4 ") + address;
    }

    /** An IPv4 or IPv6 literal: never a name, which would need a DNS lookup. */
    public static boolean isLiteralAddress(String address) {
        return address != null && (IPV4.matcher(address).matches()
                || (address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+")));
    }

    /** RTP profiles the relay carries as plain RTP. */
    public static boolean isPlainRtp(MediaDescription m) {
        String proto = m.proto().toUpperCase();
        return proto.equals("RTP/AVP") || proto.equals("RTP/AVPF");
    }

    /** DTLS-SRTP over ICE, as browsers offer it (RFC 8827; RTP/SAVPF is the pre-RFC 5764 spelling). */
    public static boolean isWebRtc(MediaDescription m) {
        String proto = m.proto().toUpperCase();
        return proto.equals("UDP/TLS/RTP/SAVPF") || proto.equals("UDP/TLS/RTP/SAVP");
    }

    /**
     * An answer must have as many m= lines as the offer (RFC 3264 section 6); a phone that leaves
     * out the video line it does not want is taken to reject it, so the browser gets port 0 there.
     */
    public static void completeAnswer(SessionDescription answer, SessionDescription offered) {
        if (offered == null) {
            return;
        }
        for (int i = answer.media().size(); i < offered.media().size(); i++) {
            MediaDescription missing = offered.media().get(i).copy();
            reject(missing);
            answer.media().add(missing);
        }
    }
}

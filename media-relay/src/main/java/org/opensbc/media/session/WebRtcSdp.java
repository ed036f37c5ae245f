package org.opensbc.media.session;

import java.util.ArrayList;
import java.util.List;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.webrtc.WebRtcTransport;

/**
 * Writes the description a WebRTC peer gets from the relay: every accepted m= line bundled on
 * the leg's one port (UDP/TLS/RTP/SAVPF, rtcp-mux), the relay's ICE credentials and host
 * candidates (one per address family it serves), its certificate fingerprint and DTLS role,
 * and a=ice-lite (the browser is always the controlling ICE agent). Codecs and directions come
 * from the other side.
 */
public final class WebRtcSdp {

    static final String PROFILE = "UDP/TLS/RTP/SAVPF";

    private WebRtcSdp() {
    }

    /**
     * @param ports 0 for a line to reject; any other value accepts it (on the transport's port)
     * @param offer true when the result is an offer (a=setup:actpass until the role is settled)
     * @param mids  the browser's own mid of each line where it declared one (an answer must echo them)
     */
    public static SessionDescription towardsWebRtc(SessionDescription in, String advertised, String origin, int[] ports,
            WebRtcTransport transport, boolean offer, List<String> mids) {
        SessionDescription out = in.copy();
        out.set('o', origin);
        out.set('c', SdpAnchoring.connection(advertised));
        out.removeAttributes(name -> SdpAnchoring.TRANSPORT_ATTRIBUTES.contains(name)
                || SdpAnchoring.WEBRTC_ATTRIBUTES.contains(name));
        out.addAttribute("ice-lite", null);
        String setup = offer ? transport.setupForOffer() : transport.setupForAnswer();
        List<String> bundle = new ArrayList<>();
        for (int i = 0; i < out.media().size(); i++) {
            MediaDescription m = out.media().get(i);
            String declared = i < mids.size() ? mids.get(i) : null;
            String mid = declared != null ? declared : in.media().get(i).attribute("mid").orElse(Integer.toString(i));
            m.remove('c');
            if (ports[i] == 0) {
                if (SdpAnchoring.isPlainRtp(m)) {
                    m.setProto(PROFILE); // a rejected RTP line in the browser's terms; others keep theirs
                }
                SdpAnchoring.reject(m);
                m.setAttribute("mid", mid);
                continue;
            }
            m.setProto(PROFILE);
            m.setPort(transport.port());
            m.removeAttributes(name -> SdpAnchoring.TRANSPORT_ATTRIBUTES.contains(name)
                    || name.equals("rtcp") || name.equals("rtcp-mux") || name.equals("mid") || name.equals("ssrc")
                    || name.equals("ssrc-group") || name.equals("extmap") || name.equals("extmap-allow-mixed"));
            dropTransportFeedback(m);
            m.addAttribute("mid", mid);
            m.addAttribute("ice-ufrag", transport.iceUfrag());
            m.addAttribute("ice-pwd", transport.icePassword());
            m.addAttribute("fingerprint", transport.fingerprint().toString());
            m.addAttribute("setup", setup);
            m.addAttribute("rtcp-mux", null);
            transport.candidates().forEach(candidate -> m.addAttribute("candidate", candidate));
            m.addAttribute("end-of-candidates", null);
            bundle.add(mid);
        }
        if (!bundle.isEmpty()) {
            out.addAttribute("group", "BUNDLE " + String.join(" ", bundle));
        }
        return out;
    }

    /** transport-cc needs a header extension the relay does not negotiate; the other feedback passes. */
    private static void dropTransportFeedback(MediaDescription m) {
        List<String> kept = new ArrayList<>();
        for (String value : m.attributes("rtcp-fb")) {
            if (!value.contains("transport-cc")) {
                kept.add(value);
            }
        }
        m.removeAttribute("rtcp-fb");
        kept.forEach(value -> m.addAttribute("rtcp-fb", value));
    }
}

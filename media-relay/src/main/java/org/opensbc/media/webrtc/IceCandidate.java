package org.opensbc.media.webrtc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.opensbc.media.sdp.AddressText;

/**
 * One a=candidate line of a peer's SDP (RFC 8839 section 5.1), as far as the relay uses it: UDP
 * candidates of component 1 (RTP; WebRTC muxes RTCP) with an IP literal. Candidates with an mDNS
 * name (Chrome's "xxxx.local") are not resolvable here: the peer's checks reveal its address as a
 * peer-reflexive candidate instead.
 */
public record IceCandidate(String foundation, int component, long priority, InetAddress address, int port, String type) {

    /** @param value the attribute value after "candidate:"; null when unusable */
    public static IceCandidate parse(String value) {
        String[] f = value.trim().split("\\s+");
        if (f.length < 8 || !f[2].toLowerCase(Locale.ROOT).equals("udp") || !f[6].equals("typ")) {
            return null;
        }
        try {
            int component = Integer.parseInt(f[1]);
            long priority = Long.parseLong(f[3]);
            int port = Integer.parseInt(f[5]);
            if (component != 1 || port <= 0 || port > 65_535 || !isLiteral(f[4])) {
                return null;
            }
            return new IceCandidate(f[0], component, priority, InetAddress.getByName(f[4]), port, f[7]);
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }

    private static boolean isLiteral(String address) {
        return address.matches("\\d{1,3}(\\.\\d{1,3}){3}") || address.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    }

    /**
     * One of the relay's host candidate lines (component 1): each address its own foundation,
     * type preference 126 and a local preference one lower per rank (RFC 8445 section
     * 5.1.2.1), so the primary address (rank 0, priority 2130706431) is preferred.
     */
    public static String hostLine(int foundation, int rank, InetAddress address, int port) {
        long priority = (126L << 24) + ((long) (65_535 - rank) << 8) + 255;
        return foundation + " 1 udp " + priority + " " + AddressText.of(address) + " " + port + " typ host generation 0";
    }
}

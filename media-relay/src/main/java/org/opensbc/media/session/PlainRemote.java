package org.opensbc.media.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;

/** Where a plain RTP side's description says it wants media, and in which address family. */
public final class PlainRemote {

    private PlainRemote() {
    }

    /** Where the side wants RTP for this line; null when the address is not a usable literal. */
    public static InetSocketAddress rtp(SessionDescription sdp, MediaDescription m) {
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
    public static int rtcpPort(MediaDescription m) {
        String rtcp = m.attribute("rtcp").orElse("").trim();
        int end = rtcp.indexOf(' ');
        try {
            return Integer.parseInt(end < 0 ? rtcp : rtcp.substring(0, end));
        } catch (NumberFormatException e) {
            return m.port() + 1;
        }
    }

    /**
     * The family of the side's media address (the first accepted line's connection address):
     * IPv6 for c=IN IP6. Null when it names none, or only a hold address (0.0.0.0, ::).
     */
    public static StandardProtocolFamily family(SessionDescription sdp) {
        for (MediaDescription m : sdp.media()) {
            if (m.isRejected()) {
                continue;
            }
            InetSocketAddress remote = rtp(sdp, m);
            if (remote != null && !remote.getAddress().isAnyLocalAddress()) {
                return remote.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6
                        : StandardProtocolFamily.INET;
            }
        }
        return null;
    }
}

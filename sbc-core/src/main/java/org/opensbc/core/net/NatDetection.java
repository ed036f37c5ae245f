package org.opensbc.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Is a registering client behind NAT, and why? Decided the way SBCs do (Kamailio's
 * {@code nat_uac_test} 1, 2, 4 and 16): over UDP the Contact is authoritative unless it or the
 * top Via names a private, shared or link-local address that is not where the packet came from,
 * or the Via's sent-by is not the packet's source (the stack then stamped received/rport).
 * Connection-oriented transports always reuse their connection. A client that merely sends from
 * another port than it listens on, and says so in its Via, is reached where its Contact says.
 */
public final class NatDetection {

    /** {@code nat.detect}: how the verdict is reached. */
    public enum Mode {
        /** The tests above. */
        AUTO,
        /** Every UDP client is reached at the source of its REGISTER. */
        ALWAYS,
        /** The Contact is always authoritative (connection-oriented ones still reuse their flow). */
        NEVER;

        public static Mode parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * What the REGISTER showed. Hosts are as written (an IP literal or a name).
     *
     * @param transport  UDP, TCP, TLS, WS or WSS
     * @param sourceHost the packet's source address
     * @param viaHost    the top Via's sent-by host
     * @param viaPort    its port, 0 when absent
     */
    public record Facts(String transport, String sourceHost, int sourcePort, String viaHost, int viaPort,
            String contactHost, int contactPort) { }

    private final Mode mode;

    public NatDetection(Mode mode) {
        this.mode = mode;
    }

    /** Why the client must be reached at its source (or over its connection), or null: its Contact is right. */
    public String reason(Facts f) {
        String transport = f.transport().toUpperCase(Locale.ROOT);
        if (!"UDP".equals(transport)) {
            return mode == Mode.NEVER && !transport.startsWith("WS") ? null
                    : "connection-oriented (" + transport.toLowerCase(Locale.ROOT) + "): its connection is reused";
        }
        if (mode == Mode.NEVER) {
            return null;
        }
        if (mode == Mode.ALWAYS) {
            return "nat.detect is always";
        }
        if (!sameHost(f.contactHost(), f.sourceHost()) && isPrivate(f.contactHost())) {
            return "Contact address " + f.contactHost() + " is private, the source is " + f.sourceHost();
        }
        if (!sameHost(f.viaHost(), f.sourceHost())) {
            return isPrivate(f.viaHost())
                    ? "Via address " + f.viaHost() + " is private, the source is " + f.sourceHost()
                    : "Via sent-by " + f.viaHost() + " is not the source " + f.sourceHost();
        }
        int viaPort = f.viaPort() > 0 ? f.viaPort() : 5060;
        if (viaPort != f.sourcePort()) {
            return "Via port " + viaPort + " is not the source port " + f.sourcePort();
        }
        return null;
    }

    private static boolean sameHost(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        InetAddress x = literal(a);
        InetAddress y = literal(b);
        return x != null && x.equals(y);
    }

    /**
     * RFC 1918 and RFC 6598 (carrier-grade NAT) IPv4, IPv4 link-local, IPv6 unique-local
     * (fc00::/7) and link-local (fe80::/10). Names are not looked up: never private.
     */
    public static boolean isPrivate(String host) {
        InetAddress a = literal(host);
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return a.isSiteLocalAddress() || a.isLinkLocalAddress() || (first == 100 && second >= 64 && second < 128);
        }
        if (a instanceof Inet6Address) {
            int first = a.getAddress()[0] & 0xFF;
            return a.isLinkLocalAddress() || (first & 0xFE) == 0xFC;
        }
        return false;
    }

    /** The address an IP literal names, or null for anything else (no DNS lookup, ever). */
    private static InetAddress literal(String host) {
        return IpLiteral.parse(host);
    }
}

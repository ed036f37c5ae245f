package org.opensbc.core.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.util.Collections;
import java.util.Optional;

/**
 * This host's primary addresses: the source address the kernel picks for the default route, per
 * family, which is what a peer on another machine can reach (Kamailio's and rtpengine's default
 * too). Found by connecting a UDP socket towards a public address: a route lookup, no packet is
 * sent. Without a default route, the first address of an interface that is up, not loopback and
 * not link-local; else none.
 */
public final class HostAddresses {

    /** Public resolvers' addresses, used only as the destination of a route lookup. */
    private static final String PROBE_V4 = "8.8.8.8";
    private static final String PROBE_V6 = "2001:4860:4860::8888";

    private HostAddresses() {
    }

    /** The primary IPv4 address, if the host has a usable one. */
    public static Optional<InetAddress> primaryV4() {
        return routeSource(PROBE_V4).or(() -> firstInterfaceAddress(Inet4Address.class));
    }

    /** The primary IPv6 address (global or unique-local), if the host has a usable one. */
    public static Optional<InetAddress> primaryV6() {
        return routeSource(PROBE_V6).or(() -> firstInterfaceAddress(Inet6Address.class));
    }

    private static Optional<InetAddress> routeSource(String probe) {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress(InetAddress.getByName(probe), 9));
            InetAddress local = ((InetSocketAddress) channel.getLocalAddress()).getAddress();
            return usable(local) ? Optional.of(local) : Optional.empty();
        } catch (IOException | RuntimeException noRoute) {
            return Optional.empty(); // ENETUNREACH: no default route for this family
        }
    }

    private static Optional<InetAddress> firstInterfaceAddress(Class<? extends InetAddress> family) {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (family.isInstance(a) && usable(a)) {
                        return Optional.of(a);
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: no address
        }
        return Optional.empty();
    }

    private static boolean usable(InetAddress a) {
        return !a.isAnyLocalAddress() && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress();
    }

    /** The address as SDP and Via write it: no zone, no brackets, IPv6 in RFC 5952's short form. */
    public static String literal(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (RFC 5952 4.2.2)
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}

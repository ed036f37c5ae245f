package org.opensbc.core.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
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

    private static volatile Boolean ipv6;

    private HostAddresses() {
    }

    /**
     * Whether this host can open IPv6 sockets at all (a kernel booted with ipv6.disable=1, or a
     * JVM run with java.net.preferIPv4Stack, cannot): a "::" listener then takes IPv4 only.
     */
    public static boolean ipv6Available() {
        Boolean known = ipv6;
        if (known == null) {
            try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                channel.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
                known = Boolean.TRUE;
            } catch (IOException | UnsupportedOperationException e) {
                known = Boolean.FALSE;
            }
            ipv6 = known;
        }
        return known;
    }

    /**
     * Where a listener configured on {@code address} really binds: "::" (or "[::]") stays the
     * dual-stack wildcard where IPv6 exists and becomes 0.0.0.0 where it does not; a bracketed
     * literal loses its brackets.
     */
    public static String listenAddress(String address) {
        return listenAddress(address, ipv6Available());
    }

    static String listenAddress(String address, boolean ipv6) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return "::".equals(a) && !ipv6 ? "0.0.0.0" : a;
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
        return org.opensbc.media.sdp.AddressText.of(address);
    }
}

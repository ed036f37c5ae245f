package org.opensbc.core.net;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Supplier;
import org.opensbc.core.config.GatewayConfig;

/**
 * The addresses peers are told to use: in Via, Contact and Record-Route of what the gateway sends
 * ({@code sip}), and in SDP and ICE candidates ({@code media}), one per address family: an IPv6
 * peer is given the gateway's IPv6 address, an IPv4 peer its IPv4 one (IPv4<->IPv6
 * interworking). Configured ones win; a listener bound to one address advertises that one; a
 * wildcard listener advertises the host's primary address of each family it serves (see
 * {@link HostAddresses}), never loopback unless the host has nothing else.
 *
 * @param sip     host for Via/Contact towards IPv4 peers and peers named by a DNS name (IPv6 ones
 *                too when there is no {@code sipV6})
 * @param sipV6   host for Via/Contact towards IPv6 peers; null when the gateway has no IPv6 address
 *                to give
 * @param media   IP literal for SDP c= lines and ICE host candidates towards IPv4 peers (and IPv6
 *                ones when there is no {@code mediaV6})
 * @param mediaV6 IPv6 literal for SDP and ICE towards IPv6 peers; null when the relay serves no IPv6
 * @param how     one line for the start-up log: where each came from
 */
public record AdvertisedAddresses(String sip, String sipV6, String media, String mediaV6, String how) {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String LOOPBACK_V6 = "::1";
    private static final String NO_ADDRESS = "no address but loopback";

    /** What this host advertises under {@code config}. */
    public static AdvertisedAddresses resolve(GatewayConfig config) {
        return resolve(config, HostAddresses::primaryV4, HostAddresses::primaryV6, HostAddresses.ipv6Available());
    }

    static AdvertisedAddresses resolve(GatewayConfig config, Supplier<Optional<InetAddress>> v4,
            Supplier<Optional<InetAddress>> v6) {
        return resolve(config, v4, v6, true);
    }

    static AdvertisedAddresses resolve(GatewayConfig config, Supplier<Optional<InetAddress>> v4,
            Supplier<Optional<InetAddress>> v6, boolean ipv6) {
        Optional<String> primaryV4 = v4.get().map(HostAddresses::literal);
        Optional<String> primaryV6 = ipv6 ? v6.get().map(HostAddresses::literal) : Optional.empty();
        boolean loopbackOnly = primaryV4.isEmpty() && primaryV6.isEmpty();
        GatewayConfig.Sip s = config.sip();
        String udp = HostAddresses.listenAddress(s.udp().address(), ipv6);
        Choice sip = sipDefault(s, udp, primaryV4, primaryV6);
        Choice sipV6 = sipV6(s, udp, sip, primaryV6, loopbackOnly);
        GatewayConfig.Media m = config.media();
        String relay = HostAddresses.listenAddress(m.address(), ipv6);
        Choice media = mediaDefault(m, relay, s, primaryV4, primaryV6);
        Choice mediaV6 = mediaV6(m, relay, s, media, primaryV6, loopbackOnly);
        return new AdvertisedAddresses(sip.value(), sipV6 == null ? null : sipV6.value(), media.value(),
                mediaV6 == null ? null : mediaV6.value(),
                "SIP advertises " + sip + also(sip, sipV6) + ", media " + media + also(media, mediaV6));
    }

    /** A value and where it came from. */
    private record Choice(String value, String how) {
        @Override
        public String toString() {
            return value + " (" + how + ")";
        }
    }

    private static String also(Choice main, Choice v6) {
        return v6 == null || v6.value().equals(main.value()) ? "" : ", IPv6 " + v6;
    }

    private static Choice sipDefault(GatewayConfig.Sip s, String udp, Optional<String> primaryV4,
            Optional<String> primaryV6) {
        if (!s.advertisedAddress().isBlank()) {
            return new Choice(IpLiteral.canonical(s.advertisedAddress()), "sip.advertisedAddress");
        }
        if (!isWildcard(udp)) {
            return new Choice(IpLiteral.canonical(udp), "the SIP UDP listen address");
        }
        Optional<String> primary = servesV4(udp) ? primaryV4.or(() -> primaryV6) : primaryV6;
        return primary.map(p -> new Choice(p, "the host's primary address"))
                .orElseGet(() -> new Choice(servesV4(udp) ? LOOPBACK : LOOPBACK_V6, NO_ADDRESS));
    }

    private static Choice sipV6(GatewayConfig.Sip s, String udp, Choice sip, Optional<String> primaryV6,
            boolean loopbackOnly) {
        if (!s.advertisedAddressV6().isBlank()) {
            return new Choice(IpLiteral.canonical(s.advertisedAddressV6()), "sip.advertisedAddressV6");
        }
        if (IpLiteral.isIpv6(sip.value()) || (IpLiteral.parse(sip.value()) == null && !s.advertisedAddress().isBlank())) {
            return sip; // an IPv6 address, or a name (it resolves to whichever family the peer uses)
        }
        if (!isWildcard(udp) || !servesV6(udp)) {
            return null;
        }
        if (primaryV6.isPresent()) {
            return new Choice(primaryV6.get(), "the host's primary IPv6 address");
        }
        return loopbackOnly ? new Choice(LOOPBACK_V6, NO_ADDRESS) : null;
    }

    private static Choice mediaDefault(GatewayConfig.Media m, String relay, GatewayConfig.Sip s,
            Optional<String> primaryV4, Optional<String> primaryV6) {
        if (!m.advertisedAddress().isBlank()) {
            return new Choice(IpLiteral.canonical(m.advertisedAddress()), "media.advertisedAddress");
        }
        if (!isWildcard(relay)) {
            return new Choice(IpLiteral.canonical(relay), "the media listen address");
        }
        String configuredSip = s.advertisedAddress();
        if (IpLiteral.parse(configuredSip) != null && (!IpLiteral.isIpv6(configuredSip) || primaryV4.isEmpty())) {
            return new Choice(IpLiteral.canonical(configuredSip), "sip.advertisedAddress");
        }
        Optional<String> primary = servesV4(relay) ? primaryV4.or(() -> primaryV6) : primaryV6;
        return primary.map(p -> new Choice(p, "the host's primary address (source of the default route)"))
                .orElseGet(() -> new Choice(servesV4(relay) ? LOOPBACK : LOOPBACK_V6, NO_ADDRESS));
    }

    private static Choice mediaV6(GatewayConfig.Media m, String relay, GatewayConfig.Sip s, Choice media,
            Optional<String> primaryV6, boolean loopbackOnly) {
        if (!m.advertisedAddressV6().isBlank()) {
            return new Choice(IpLiteral.canonical(m.advertisedAddressV6()), "media.advertisedAddressV6");
        }
        if (IpLiteral.isIpv6(media.value())) {
            return media;
        }
        if (!isWildcard(relay) || !servesV6(relay)) {
            return null; // bound to one IPv4 address, or to 0.0.0.0: no IPv6 socket to offer
        }
        if (IpLiteral.isIpv6(s.advertisedAddressV6())) {
            return new Choice(IpLiteral.canonical(s.advertisedAddressV6()), "sip.advertisedAddressV6");
        }
        if (IpLiteral.isIpv6(s.advertisedAddress())) {
            return new Choice(IpLiteral.canonical(s.advertisedAddress()), "sip.advertisedAddress");
        }
        if (primaryV6.isPresent()) {
            return new Choice(primaryV6.get(), "the host's primary IPv6 address");
        }
        return loopbackOnly ? new Choice(LOOPBACK_V6, NO_ADDRESS) : null;
    }

    /** The Via/Contact host towards a peer at {@code peerHost} (an address or a name). */
    public String sipFor(String peerHost) {
        return sipV6 != null && IpLiteral.isIpv6(peerHost) ? sipV6 : sip;
    }

    /**
     * Peers on other machines cannot reach a loopback address: true when one is advertised while
     * the listener takes traffic from every interface (the operator meant to serve the network).
     */
    public boolean loopbackOnWildcard(GatewayConfig config) {
        boolean sipLoopback = isLoopback(sip) && isWildcard(config.sip().udp().address());
        boolean mediaLoopback = config.media().enabled() && isLoopback(media) && isWildcard(config.media().address());
        return sipLoopback || mediaLoopback;
    }

    public static boolean isWildcard(String address) {
        return "0.0.0.0".equals(address) || "::".equals(address) || "[::]".equals(address);
    }

    /** A wildcard "::" socket is dual-stack: it takes IPv4 too. */
    private static boolean servesV4(String listen) {
        return "::".equals(listen) || !IpLiteral.isIpv6(listen);
    }

    private static boolean servesV6(String listen) {
        return IpLiteral.isIpv6(listen);
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || "::1".equals(address) || "localhost".equalsIgnoreCase(address);
    }
}

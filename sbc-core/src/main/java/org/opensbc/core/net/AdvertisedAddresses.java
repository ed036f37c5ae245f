package org.opensbc.core.net;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Supplier;
import org.opensbc.core.config.GatewayConfig;

/**
 * The addresses peers are told to use: in Via, Contact and Record-Route of what the gateway sends
 * ({@code sip}), and in SDP and ICE candidates ({@code media}). Configured ones win; a listener
 * bound to one address advertises that one; a wildcard listener advertises the host's primary
 * address (see {@link HostAddresses}), never loopback unless the host has nothing else.
 *
 * @param sip   host for Via/Contact of requests the gateway originates
 * @param media IP literal for SDP c= lines and ICE host candidates
 * @param how   one line for the start-up log: where each came from
 */
public record AdvertisedAddresses(String sip, String media, String how) {

    private static final String LOOPBACK = "127.0.0.1";

    /** What this host advertises under {@code config}. */
    public static AdvertisedAddresses resolve(GatewayConfig config) {
        return resolve(config, HostAddresses::primaryV4, HostAddresses::primaryV6);
    }

    static AdvertisedAddresses resolve(GatewayConfig config, Supplier<Optional<InetAddress>> v4,
            Supplier<Optional<InetAddress>> v6) {
        Optional<String> primary = v4.get().or(v6).map(HostAddresses::literal);
        String sip;
        String sipHow;
        String configuredSip = config.sip().advertisedAddress();
        String udp = config.sip().udp().address();
        if (!configuredSip.isBlank()) {
            sip = configuredSip;
            sipHow = "sip.advertisedAddress";
        } else if (!isWildcard(udp)) {
            sip = udp;
            sipHow = "the SIP UDP listen address";
        } else {
            sip = primary.orElse(LOOPBACK);
            sipHow = primary.isPresent() ? "the host's primary address" : "no address but loopback";
        }
        String media;
        String mediaHow;
        GatewayConfig.Media m = config.media();
        if (!m.advertisedAddress().isBlank()) {
            media = m.advertisedAddress();
            mediaHow = "media.advertisedAddress";
        } else if (!isWildcard(m.address())) {
            media = m.address();
            mediaHow = "the media listen address";
        } else if (isLiteral(configuredSip)) {
            media = configuredSip;
            mediaHow = "sip.advertisedAddress";
        } else {
            media = primary.orElse(LOOPBACK);
            mediaHow = primary.isPresent() ? "the host's primary address (source of the default route)"
                    : "no address but loopback";
        }
        return new AdvertisedAddresses(sip, media, "SIP advertises " + sip + " (" + sipHow + "), media "
                + media + " (" + mediaHow + ")");
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

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || "::1".equals(address) || "localhost".equalsIgnoreCase(address);
    }

    private static boolean isLiteral(String address) {
        return address.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+"));
    }
}

package org.opensbc.media.relay;

import java.net.InetAddress;

/**
 * @param bindAddress        where the relay's sockets listen
 * @param advertisedAddress  the address put in SDP (differs from bindAddress behind 1:1 NAT)
 * @param firstPort          even start of the RTP port range
 * @param lastPort           inclusive end of the range
 * @param loops              relay threads (about one per core)
 */
public record RelayConfig(InetAddress bindAddress, String advertisedAddress, int firstPort, int lastPort, int loops) {

    public RelayConfig {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be positive: " + loops);
        }
        if (!SdpAnchoring.isLiteralAddress(advertisedAddress)) {
            throw new IllegalArgumentException("advertised address must be an IP literal: " + advertisedAddress);
        }
    }
}

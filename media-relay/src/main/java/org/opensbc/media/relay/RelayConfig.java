package org.opensbc.media.relay;

import java.net.InetAddress;
import java.time.Duration;

/**
 * @param bindAddress        where the relay's sockets listen
 * @param advertisedAddress  the address put in SDP (differs from bindAddress behind 1:1 NAT)
 * @param firstPort          even start of the RTP port range
 * @param lastPort           inclusive end of the range
 * @param loops              relay threads (about one per core)
 * @param mediaTimeout       an answered call with no RTP or RTCP from either side for this long
 *                           is reported (and ended by the gateway); zero: never
 */
public record RelayConfig(InetAddress bindAddress, String advertisedAddress, int firstPort, int lastPort, int loops,
        Duration mediaTimeout) {

    public RelayConfig {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be positive: " + loops);
        }
        if (!SdpAnchoring.isLiteralAddress(advertisedAddress)) {
            throw new IllegalArgumentException("advertised address must be an IP literal: " + advertisedAddress);
        }
        if (mediaTimeout.isNegative()) {
            throw new IllegalArgumentException("media timeout must not be negative: " + mediaTimeout);
        }
    }

    /** Without a media timeout. */
    public RelayConfig(InetAddress bindAddress, String advertisedAddress, int firstPort, int lastPort, int loops) {
        this(bindAddress, advertisedAddress, firstPort, lastPort, loops, Duration.ZERO);
    }
}

package org.opensbc.media.relay;

import java.net.InetAddress;
import java.time.Duration;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.session.SdpAnchoring;

/**
 * @param bindAddress        where the relay's sockets listen
 * @param advertisedAddress  the address put in SDP (differs from bindAddress behind 1:1 NAT)
 * @param firstPort          even start of the RTP port range
 * @param lastPort           inclusive end of the range
 * @param loops              relay threads (about one per core)
 * @param mediaTimeout       an answered call with no RTP or RTCP from either side for this long
 *                           is reported (and ended by the gateway); zero: never
 * @param transcoding        when lines are transcoded (OFF: never)
 * @param opus               which Opus implementation transcoding uses
 * @param dtmfTowardsWebRtc  how a phone's RFC 4733 digits reach a browser
 * @param advertisedAddressV6 the IPv6 literal put in SDP towards IPv6 peers when the relay also
 *                           serves IPv4 (bound to "::"); null when {@code advertisedAddress} is
 *                           all there is
 */
public record RelayConfig(InetAddress bindAddress, String advertisedAddress, int firstPort, int lastPort, int loops,
        Duration mediaTimeout, TranscodingPolicy transcoding, OpusLoader.Preference opus,
        DtmfDelivery dtmfTowardsWebRtc, String advertisedAddressV6) {

    public RelayConfig {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be positive: " + loops);
        }
        if (!SdpAnchoring.isLiteralAddress(advertisedAddress)) {
            throw new IllegalArgumentException("advertised address must be an IP literal: " + advertisedAddress);
        }
        if (advertisedAddressV6 != null && (!SdpAnchoring.isLiteralAddress(advertisedAddressV6)
                || advertisedAddressV6.indexOf(':') < 0)) {
            throw new IllegalArgumentException("advertised IPv6 address must be an IPv6 literal: " + advertisedAddressV6);
        }
        if (mediaTimeout.isNegative()) {
            throw new IllegalArgumentException("media timeout must not be negative: " + mediaTimeout);
        }
    }

    /** One advertised address. */
    public RelayConfig(InetAddress bindAddress, String advertisedAddress, int firstPort, int lastPort, int loops,
            Duration mediaTimeout, TranscodingPolicy transcoding, OpusLoader.Preference opus,
            DtmfDelivery dtmfTowardsWebRtc) {
        this(bindAddress, advertisedAddress, firstPort, lastPort, loops, mediaTimeout, transcoding, opus,
                dtmfTowardsWebRtc, null);
    }

    /** Digits towards browsers by signalling (what a JsSIP page can see). */
    public RelayConfig(InetAddress bindAddress, String advertisedAddress, int firstPort, int lastPort, int loops,
            Duration mediaTimeout, TranscodingPolicy transcoding, OpusLoader.Preference opus) {
        this(bindAddress, advertisedAddress, firstPort, lastPort, loops, mediaTimeout, transcoding, opus,
                DtmfDelivery.SIGNALLING);
    }

    /** Without a media timeout, without transcoding. */
    public RelayConfig(InetAddress bindAddress, String advertisedAddress, int firstPort, int lastPort, int loops) {
        this(bindAddress, advertisedAddress, firstPort, lastPort, loops, Duration.ZERO, TranscodingPolicy.OFF,
                OpusLoader.Preference.AUTO);
    }

    /** The same, transcoding as {@code policy} says. */
    public RelayConfig withTranscoding(TranscodingPolicy policy, OpusLoader.Preference preference) {
        return new RelayConfig(bindAddress, advertisedAddress, firstPort, lastPort, loops, mediaTimeout, policy,
                preference, dtmfTowardsWebRtc, advertisedAddressV6);
    }

    /** The same, with a phone's digits reaching browsers as {@code delivery} says. */
    public RelayConfig withDtmfTowardsWebRtc(DtmfDelivery delivery) {
        return new RelayConfig(bindAddress, advertisedAddress, firstPort, lastPort, loops, mediaTimeout, transcoding,
                opus, delivery, advertisedAddressV6);
    }

    /** The same, advertising {@code v6} (an IPv6 literal, or null) to IPv6 peers. */
    public RelayConfig withAdvertisedAddressV6(String v6) {
        return new RelayConfig(bindAddress, advertisedAddress, firstPort, lastPort, loops, mediaTimeout, transcoding,
                opus, dtmfTowardsWebRtc, v6);
    }
}

package org.opensbc.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.opensbc.core.config.GatewayConfig.Media;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.relay.DtmfDelivery;
import org.opensbc.media.relay.TranscodingPolicy;

/**
 * The {@code media:} section: where the relay listens, what it advertises, its port range, the media
 * timeout, and when it transcodes.
 */
final class MediaConfigLoader {

    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private MediaConfigLoader() {
    }

    static Media media(YamlNode media) throws ConfigException {
        media.expectKeys(Set.of("enabled", "address", "advertisedAddress", "advertisedAddressV6", "firstPort", "lastPort",
                "timeoutSeconds", "transcoding", "opusLibrary", "dtmf"));
        boolean enabled = media.bool("enabled", true);
        String address = media.string("address", "::"); // dual-stack; 0.0.0.0 on a host without IPv6
        if (!IP_LITERAL.matcher(address).matches()) {
            throw media.child("address").error("must be an IP address");
        }
        try {
            InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw media.child("address").error("not a usable IP address: " + address);
        }
        // empty: decided at start (net.AdvertisedAddresses), from the listen address or the host's
        String advertised = media.string("advertisedAddress", "");
        if (!advertised.isBlank() && !IP_LITERAL.matcher(advertised).matches()) {
            throw media.child("advertisedAddress").error("must be an IP address (it goes into SDP)");
        }
        String advertisedV6 = media.string("advertisedAddressV6", "");
        if (!advertisedV6.isBlank() && !(IP_LITERAL.matcher(advertisedV6).matches() && advertisedV6.indexOf(':') >= 0)) {
            throw media.child("advertisedAddressV6").error("must be an IPv6 address (it goes into SDP)");
        }
        int first = media.integer("firstPort", 30000, 1024, 65534);
        int last = media.integer("lastPort", 39999, 1025, 65535);
        if (first % 2 != 0) {
            throw media.child("firstPort").error("must be even (RTP on even ports, RTCP on the odd one above)");
        }
        if (last - first < 3) {
            throw media.child("lastPort").error("the range must hold at least two RTP/RTCP pairs");
        }
        int timeout = media.integer("timeoutSeconds", 60, 0, 86_400);
        TranscodingPolicy transcoding = choice(media, "transcoding", "passthrough", TranscodingPolicy::parse,
                "off, passthrough or opus");
        OpusLoader.Preference opus = choice(media, "opusLibrary", "auto", OpusLoader.Preference::parse,
                "auto, native or concentus");
        return new Media(enabled, address, advertised, advertisedV6, first, last, timeout, transcoding, opus, dtmf(media.child("dtmf")));
    }

    /** {@code media.dtmf}: INFO to RFC 4733 towards phones, and how phones' digits reach browsers. */
    private static GatewayConfig.Dtmf dtmf(YamlNode dtmf) throws ConfigException {
        dtmf.expectKeys(Set.of("infoToRfc4733", "towardsBrowsers"));
        return new GatewayConfig.Dtmf(dtmf.bool("infoToRfc4733", true),
                choice(dtmf, "towardsBrowsers", "info", DtmfDelivery::parse, "info or rfc4733"));
    }

    private static <T> T choice(YamlNode section, String key, String defaultValue, Function<String, T> parse,
            String allowed) throws ConfigException {
        String value = section.string(key, defaultValue);
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw section.child(key).error("must be one of " + allowed + ", got '" + value + "'");
        }
    }
}

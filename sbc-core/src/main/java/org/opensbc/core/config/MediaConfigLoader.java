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
import org.opensbc.rules.yaml.YamlTree;

/**
 * The {@code media:} section: where the relay listens, what it advertises, its port range, the media
 * timeout, and when it transcodes.
 */
final class MediaConfigLoader {

    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private MediaConfigLoader() {
    }

    static Media media(YamlTree media) {
        media.entries(Set.of("enabled", "address", "advertisedAddress", "advertisedAddressV6", "firstPort", "lastPort",
                "timeoutSeconds", "transcoding", "opusLibrary", "dtmf"));
        boolean enabled = media.get("enabled").bool(true);
        String address = media.get("address").text("::"); // dual-stack; 0.0.0.0 on a host without IPv6
        if (!IP_LITERAL.matcher(address).matches()) {
            media.get("address").error("must be an IP address");
        } else {
            try {
                InetAddress.getByName(address); // a literal: no name lookup
            } catch (UnknownHostException e) {
                media.get("address").error("not a usable IP address: " + address);
            }
        }
        // empty: decided at start (net.AdvertisedAddresses), from the listen address or the host's
        String advertised = media.get("advertisedAddress").text("");
        if (!advertised.isBlank() && !IP_LITERAL.matcher(advertised).matches()) {
            media.get("advertisedAddress").error("must be an IP address (it goes into SDP)");
        }
        String advertisedV6 = media.get("advertisedAddressV6").text("");
        if (!advertisedV6.isBlank() && !(IP_LITERAL.matcher(advertisedV6).matches() && advertisedV6.indexOf(':') >= 0)) {
            media.get("advertisedAddressV6").error("must be an IPv6 address (it goes into SDP)");
        }
        int first = media.get("firstPort").integer(30000, 1024, 65534);
        int last = media.get("lastPort").integer(39999, 1025, 65535);
        if (first % 2 != 0) {
            media.get("firstPort").error("must be even (RTP on even ports, RTCP on the odd one above)");
        }
        if (last - first < 3) {
            media.get("lastPort").error("the range must hold at least two RTP/RTCP pairs");
        }
        int timeout = media.get("timeoutSeconds").integer(60, 0, 86_400);
        TranscodingPolicy transcoding = choice(media, "transcoding", "passthrough", TranscodingPolicy::parse,
                "off, passthrough or opus");
        OpusLoader.Preference opus = choice(media, "opusLibrary", "auto", OpusLoader.Preference::parse,
                "auto, native or concentus");
        return new Media(enabled, address, advertised, advertisedV6, first, last, timeout, transcoding, opus, dtmf(media.get("dtmf")));
    }

    /** {@code media.dtmf}: INFO to RFC 4733 towards phones, and how phones' digits reach browsers. */
    private static GatewayConfig.Dtmf dtmf(YamlTree dtmf) {
        dtmf.entries(Set.of("infoToRfc4733", "towardsBrowsers"));
        return new GatewayConfig.Dtmf(dtmf.get("infoToRfc4733").bool(true),
                choice(dtmf, "towardsBrowsers", "info", DtmfDelivery::parse, "info or rfc4733"));
    }

    private static <T> T choice(YamlTree section, String key, String defaultValue, Function<String, T> parse,
            String allowed) {
        String value = section.get(key).text(defaultValue);
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            section.get(key).error("must be one of " + allowed + ", got '" + value + "'");
            return parse.apply(defaultValue);
        }
    }
}

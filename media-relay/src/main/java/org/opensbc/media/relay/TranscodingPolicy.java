package org.opensbc.media.relay;

import java.util.Locale;

/**
 * When the relay transcodes ({@code media.transcoding.browserCodec}). Either way a phone that
 * speaks only G.711 can talk to a browser that offers only Opus, and the reverse.
 */
public enum TranscodingPolicy {

    /** Never transcode. */
    OFF,
    /**
     * Transcode only when the two sides share no codec: a browser that offers PCMU talks PCMU
     * with a PCMU phone, end to end (no CPU, no second encoding). Opus is added last to offers
     * towards browsers, G.711 to offers towards phones.
     */
    PASSTHROUGH,
    /**
     * Browsers always get Opus (better loss resilience on the browser's network), transcoded
     * when the phone side speaks something else.
     */
    OPUS;

    public static TranscodingPolicy parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

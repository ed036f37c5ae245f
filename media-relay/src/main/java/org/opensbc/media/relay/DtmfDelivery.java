package org.opensbc.media.relay;

import java.util.Locale;

/**
 * How DTMF digits that a phone sends as RFC 4733 events reach a browser
 * ({@code media.dtmf.towardsBrowsers}). A browser's WebRTC stack plays received events out but
 * tells the page nothing of them; a JsSIP page learns of digits only by SIP INFO.
 */
public enum DtmfDelivery {

    /** Taken out of the RTP and reported to signalling ({@link DtmfListener}): SIP INFO for JsSIP. */
    SIGNALLING,
    /** Passed on as RFC 4733 events, renumbered and their clock mapped to the browser's. */
    RFC4733;

    public static DtmfDelivery parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.equals("INFO") ? SIGNALLING : valueOf(v);
    }
}

package org.opensbc.media.dtmf;

import java.util.concurrent.Executor;
import org.opensbc.media.relay.DtmfDelivery;
import org.opensbc.media.relay.DtmfListener;
import org.opensbc.media.relay.Profile;
import org.opensbc.media.relay.Side;

/**
 * Where digits a phone sends towards a browser go when signalling carries them
 * ({@link DtmfDelivery#SIGNALLING}): taken out of the RTP and reported, off the relay loop, to the
 * session's {@link DtmfListener}, which turns each into a SIP INFO. Both sides of a line agree to a
 * telephone-event or neither does (the answer the relay passes on names it or not).
 */
public final class SignalledDigits {

    private SignalledDigits() {
    }

    /**
     * The tap's listener for digits {@code from} sends, or null where they stay in RTP.
     *
     * @param delivery how digits reach a browser ({@code media.dtmf.towardsBrowsers})
     * @param events   where the listener is called: off the relay loop, which never waits on signalling
     */
    public static DtmfTap.DigitListener listener(DtmfDelivery delivery, Executor events, DtmfListener onDtmf,
            Side from, Profile fromProfile, Profile otherProfile) {
        boolean phoneToBrowser = fromProfile == Profile.PLAIN && otherProfile == Profile.WEBRTC;
        if (onDtmf == null || !phoneToBrowser || delivery != DtmfDelivery.SIGNALLING) {
            return null;
        }
        return (code, millis) -> {
            char digit = TelephoneEvent.digit(code);
            if (digit != 0) {
                events.execute(() -> onDtmf.onDigit(from, digit, millis));
            }
        };
    }
}

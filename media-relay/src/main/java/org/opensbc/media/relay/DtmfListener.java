package org.opensbc.media.relay;

/**
 * Told of each DTMF digit a side sent as RFC 4733 events that the relay does not pass on in RTP
 * (towards a browser, when digits go by signalling: see {@link DtmfDelivery}). Called on the
 * relay's event thread, never on a packet loop, one digit at a time in the order they ended.
 */
@FunctionalInterface
public interface DtmfListener {

    /**
     * @param from   the side that sent the digit
     * @param digit  0-9, *, #, A-D
     * @param millis how long the key was held
     */
    void onDigit(Side from, char digit, int millis);
}

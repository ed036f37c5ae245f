package org.opensbc.core.b2bua;

import javax.sip.SipException;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the CANCEL of a fork's INVITE. When (RFC 3261 section 9.1: not before a provisional,
 * which it could cross) is the call machine's decision. Caller holds the call's monitor.
 */
final class ForkCancel {

    private static final Logger LOG = LoggerFactory.getLogger(ForkCancel.class);

    private final SipContext sip;

    ForkCancel(SipContext sip) {
        this.sip = sip;
    }

    void send(CallLeg leg) {
        try {
            Request cancel = leg.inviteClient().createCancel();
            sip.send(cancel, leg.hop(), null);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: CANCEL failed: {}", leg.call.id, e.toString());
        }
    }
}

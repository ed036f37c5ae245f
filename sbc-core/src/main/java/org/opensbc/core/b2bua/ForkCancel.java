package org.opensbc.core.b2bua;

import javax.sip.SipException;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancelling an outgoing INVITE: at once when the fork has had a provisional response, else as
 * soon as it has one (RFC 3261 section 9.1: a CANCEL before any provisional may cross the
 * INVITE). Caller holds the call's monitor.
 */
final class ForkCancel {

    private static final Logger LOG = LoggerFactory.getLogger(ForkCancel.class);

    private final SipContext sip;

    ForkCancel(SipContext sip) {
        this.sip = sip;
    }

    /** Cancels every fork of the call still waiting for a final answer. */
    void unfinished(Call call) {
        call.forks.stream().filter(f -> !f.finished).forEach(this::fork);
    }

    void fork(CallLeg leg) {
        if (leg.provisionalSeen) {
            send(leg);
        } else {
            leg.cancelPending = true;
        }
    }

    void send(CallLeg leg) {
        leg.cancelPending = false;
        try {
            Request cancel = leg.inviteClient.createCancel();
            sip.send(cancel, leg.hop, null);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: CANCEL failed: {}", leg.call.id, e.toString());
        }
    }
}

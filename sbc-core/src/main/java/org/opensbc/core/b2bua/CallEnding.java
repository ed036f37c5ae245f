package org.opensbc.core.b2bua;

import java.time.Clock;
import org.opensbc.core.cdr.CdrWriter;
import org.opensbc.core.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one way a call ends: BYE where needed, timers stopped, legs released, one CDR line. */
final class CallEnding {

    private static final Logger LOG = LoggerFactory.getLogger(CallEnding.class);

    private final SipContext sip;
    private final CallRegistry calls;
    private final CdrWriter cdr;
    private final GatewayMetrics metrics;
    private final Clock clock;

    CallEnding(SipContext sip, CallRegistry calls, CdrWriter cdr, GatewayMetrics metrics, Clock clock) {
        this.sip = sip;
        this.calls = calls;
        this.cdr = cdr;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Ends an answered call: BYE on every leg except {@code byeFrom} (the leg whose BYE started
     * this, or null when the gateway ends the call itself). Caller holds the call's monitor.
     */
    void hangUp(Call call, CallLeg byeFrom, String endedBy) {
        if (call.state != Call.State.ANSWERED) {
            return;
        }
        for (CallLeg leg : new CallLeg[] {call.caller, call.callee}) {
            if (leg != byeFrom && leg != null && !leg.moved) {
                sip.sendBye(leg);
            }
        }
        end(call, "answered", 200, endedBy);
    }

    /** Bookkeeping for a call that is over; caller holds the call's monitor. Idempotent. */
    void end(Call call, String disposition, int status, String endedBy) {
        if (call.state == Call.State.ENDED) {
            return;
        }
        call.state = Call.State.ENDED;
        if (call.ringTimer != null) {
            call.ringTimer.cancel(false);
        }
        if (call.ackTimer != null) {
            call.ackTimer.cancel(false);
        }
        release(call.caller);
        for (CallLeg fork : call.forks) {
            fork.finished = true;
            release(fork);
        }
        calls.remove(call);
        MediaAnchor.release(call);
        metrics.callEnded(disposition);
        cdr.write(call.record(clock.instant(), disposition, status, endedBy));
        detach(call.caller);
        call.forks.forEach(CallEnding::detach);
        LOG.debug("call {} ended: {} {} by {}", call.id, disposition, status, endedBy);
    }

    /**
     * Unhooks an ended leg from its dialog: JAIN-SIP keeps a finished dialog reachable for up to
     * 64*T1 (the BYE's server transaction absorbing retransmissions), and through the leg it
     * would keep the whole call, both dialogs and their messages, as long. Requests that still
     * arrive on the dialog find no leg and get 481.
     */
    private static void detach(CallLeg leg) {
        if (leg.dialog != null && !leg.moved) {
            leg.dialog.setApplicationData(null);
        }
        leg.inviteServer = null;
        leg.lastBodySent = null;
    }

    /** An authenticated INVITE refused before any call leg existed (404, 480 not registered, 403...). */
    void refused(String caller, String callee, String callerCallId, int status, String disposition) {
        metrics.callEnded(disposition);
        java.time.Instant now = clock.instant();
        cdr.write(new org.opensbc.core.cdr.CallRecord(now, null, now, caller, callee, disposition, status,
                "gateway", callerCallId, null));
    }

    private void release(CallLeg leg) {
        if (leg.timer != null) {
            leg.timer.cancel();
            leg.timer = null;
        }
        calls.legReleased(leg);
    }
}

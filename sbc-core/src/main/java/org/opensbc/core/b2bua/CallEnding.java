package org.opensbc.core.b2bua;

import java.time.Clock;
import org.opensbc.core.call.CallEvent;
import org.opensbc.core.call.HangUpReason;
import org.opensbc.core.cdr.CdrWriter;
import org.opensbc.core.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a call ends: the gateway's own hang-ups go to the call's machine as events; the endings it
 * decides come back here as actions (BYE, legs released, one CDR line).
 */
final class CallEnding {

    private static final Logger LOG = LoggerFactory.getLogger(CallEnding.class);

    private final SipContext sip;
    private final CallRegistry calls;
    private final CdrWriter cdr;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final CallDriver driver;
    private final CallJournal journal;

    CallEnding(SipContext sip, CallRegistry calls, CdrWriter cdr, GatewayMetrics metrics, Clock clock,
            CallDriver driver, CallJournal journal) {
        this.journal = journal;
        this.sip = sip;
        this.calls = calls;
        this.cdr = cdr;
        this.metrics = metrics;
        this.clock = clock;
        this.driver = driver;
    }

    /** The gateway ends an answered call itself: BYE on both legs (a call not answered is left alone). */
    void hangUp(Call call, HangUpReason reason) {
        driver.fire(call, new CallEvent.HangUp(reason));
    }

    /** BYE on a leg that is still this call's (a leg whose dialog a transfer moved is not). */
    void sendBye(CallLeg leg) {
        if (!leg.isMoved()) {
            sip.sendBye(leg);
        }
    }

    /** A fork that failed: its call slot, counters and indexes go. */
    void releaseFork(CallLeg fork) {
        calls.legReleased(fork);
    }

    /**
     * Every leg of an ended call released and unhooked from its dialog; the call leaves the
     * registry and its stored record goes.
     */
    void releaseLegs(Call call) {
        journal.ended(call);
        release(call.caller);
        for (CallLeg fork : call.forks()) {
            release(fork);
        }
        calls.remove(call);
        call.caller.detach();
        call.forks().forEach(CallLeg::detach);
    }

    /** The ended call's CDR line and metric. */
    void record(Call call, String disposition, int status, String endedBy) {
        metrics.callEnded(disposition);
        cdr.write(call.record(clock.instant(), disposition, status, endedBy));
        LOG.debug("call {} ended: {} {} by {}", call.id, disposition, status, endedBy);
    }

    /** An authenticated INVITE refused before any call leg existed (404, 480 not registered, 403...). */
    void refused(String caller, String callee, String callerCallId, int status, String disposition) {
        metrics.callEnded(disposition);
        java.time.Instant now = clock.instant();
        cdr.write(new org.opensbc.core.cdr.CallRecord(now, null, now, caller, callee, disposition, status,
                "gateway", callerCallId, null));
    }

    private void release(CallLeg leg) {
        leg.stopTimer();
        calls.legReleased(leg);
    }
}

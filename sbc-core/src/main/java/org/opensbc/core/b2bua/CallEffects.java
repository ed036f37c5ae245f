package org.opensbc.core.b2bua;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opensbc.core.call.CallAction;
import org.opensbc.core.call.CallAction.AckAndBye;
import org.opensbc.core.call.CallAction.RejectCaller;
import org.opensbc.core.call.CallAction.RelayAnswer;
import org.opensbc.core.call.CallAction.RelayProvisional;
import org.opensbc.core.call.CallAction.ReleaseFork;
import org.opensbc.core.call.CallAction.ReleaseLegs;
import org.opensbc.core.call.CallAction.ReleaseMedia;
import org.opensbc.core.call.CallAction.SendBye;
import org.opensbc.core.call.CallAction.SendCancel;
import org.opensbc.core.call.CallAction.StartTimer;
import org.opensbc.core.call.CallAction.StopTimer;
import org.opensbc.core.call.CallAction.TryNextTrunk;
import org.opensbc.core.call.CallAction.UnindexInvite;
import org.opensbc.core.call.CallAction.WriteCdr;
import org.opensbc.core.call.CallEvent.TimerFired;
import org.opensbc.core.call.TimerKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what {@link org.opensbc.core.call.CallMachine} decided for a call, each action by
 * the class that knows its SIP or media detail. Decides nothing itself. Caller holds the call's
 * monitor (see {@link CallDriver}).
 */
final class CallEffects implements CallDriver.Effects {

    private static final Logger LOG = LoggerFactory.getLogger(CallEffects.class);

    /** RFC 3261 section 13.3.1.4: a 2xx is retransmitted for 64*T1 = 32 s waiting for the ACK. */
    static final long ACK_WAIT_MILLIS = 32_000;

    private final CallSetup setup;
    private final CallEnding ending;
    private final CallJournal journal;
    private final CallDriver driver;
    private final ScheduledExecutorService scheduler;
    private final Duration ringTimeout;

    CallEffects(CallSetup setup, CallEnding ending, CallJournal journal, CallDriver driver,
            ScheduledExecutorService scheduler, Duration ringTimeout) {
        this.setup = setup;
        this.ending = ending;
        this.journal = journal;
        this.driver = driver;
        this.scheduler = scheduler;
        this.ringTimeout = ringTimeout;
    }

    @Override
    public void perform(Call call, CallAction action) {
        if (action instanceof RelayProvisional a) {
            setup.relayProvisional(call.fork(a.fork()));
        } else if (action instanceof SendCancel a) {
            setup.cancel(call.fork(a.fork()));
        } else if (action instanceof RelayAnswer a) {
            setup.relayAnswer(call, call.fork(a.fork()));
            journal.answered(call); // both dialogs exist now: a crash from here on leaves a call to end
        } else if (action instanceof AckAndBye a) {
            setup.ackAndBye(call.fork(a.fork()));
        } else if (action instanceof ReleaseFork a) {
            ending.releaseFork(call.fork(a.fork()));
        } else if (action instanceof TryNextTrunk) {
            setup.tryNextTrunk(call);
        } else if (action instanceof UnindexInvite) {
            setup.unindex(call);
        } else if (action instanceof RejectCaller a) {
            setup.rejectCaller(call, a.status());
        } else if (action instanceof SendBye a) {
            ending.sendBye(call.leg(a.leg()));
        } else if (action instanceof StartTimer a) {
            call.startTimer(a.timer(), scheduler.schedule(() -> timerFired(call, a.timer()), delayMillis(a.timer()),
                    TimeUnit.MILLISECONDS));
        } else if (action instanceof StopTimer a) {
            call.stopTimer(a.timer());
        } else if (action instanceof ReleaseLegs) {
            ending.releaseLegs(call);
        } else if (action instanceof ReleaseMedia) {
            MediaAnchor.release(call);
        } else if (action instanceof WriteCdr a) {
            ending.record(call, a.disposition(), a.status(), a.endedBy().cdrName());
        } else {
            throw new IllegalArgumentException("unknown action " + action);
        }
    }

    /**
     * A timer that was not stopped in time. The ACK wait is a backstop: the stack's own dialog
     * timeout should catch a missing ACK, but under overload it was seen not to.
     */
    private void timerFired(Call call, TimerKind timer) {
        if (timer == TimerKind.ACK_WAIT) {
            LOG.info("call {}: no ACK from the caller in {} ms, ending it", call.id, ACK_WAIT_MILLIS);
        } else {
            LOG.debug("call {}: no answer in {}", call.id, ringTimeout);
        }
        driver.fire(call, new TimerFired(timer));
    }

    private long delayMillis(TimerKind timer) {
        return timer == TimerKind.RING ? ringTimeout.toMillis() : ACK_WAIT_MILLIS;
    }
}

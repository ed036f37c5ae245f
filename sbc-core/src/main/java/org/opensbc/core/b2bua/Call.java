package org.opensbc.core.b2bua;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.opensbc.core.cdr.CallRecord;

/**
 * One call: the caller's leg, the callee legs being tried (parallel forks) and, once one answers,
 * the callee. The call's monitor guards all of its state and its legs' state; every event of a
 * call (responses, in-dialog requests, timers) is handled holding it, so they apply in turn.
 */
final class Call {

    enum State { RINGING, ANSWERED, ENDED }

    final long id;
    final Instant start;
    /** For the CDR and logs: user@host of the caller and of the dialled target. */
    final String callerIdentity;
    final String calleeIdentity;
    final CallLeg caller;
    /** Callee legs created for this call, answered or not. */
    final List<CallLeg> forks = new ArrayList<>(2);

    State state = State.RINGING;
    CallLeg callee;
    Instant answeredAt;
    /** The best failure seen among finished forks (RFC 3261 section 16.7), 0 before any. */
    int bestFailure;
    ScheduledFuture<?> ringTimer;
    /** Ends the call if the caller never ACKs our 2xx (RFC 3261 13.3.1.4: 64*T1). */
    ScheduledFuture<?> ackTimer;
    /** The call's anchored media; null when its SDP passes unchanged (or it went with a transfer). */
    org.opensbc.media.relay.MediaSession media;
    /** Whose the media session is: its timeout and digit callbacks follow it when a transfer moves it. */
    MediaOwner mediaOwner;

    /** The call a media session belongs to now. */
    static final class MediaOwner {
        volatile Call call;

        MediaOwner(Call call) {
            this.call = call;
        }
    }
    /** The media profile each side is offered in until its own SDP says (see MediaAnchor). */
    org.opensbc.media.relay.Profile callerProfile;
    org.opensbc.media.relay.Profile calleeProfile;
    /** Why the media relay refused a fork's offer, for the Warning of the caller's failure; else null. */
    MediaAnchor.Refused warning;
    /** The To tag the gateway uses towards the caller (one dialog on that side, whatever forks). */
    final String callerTag;
    /** Trunks still to try, in order, when the current trunk fails (408, 5xx, no response). */
    final java.util.Deque<org.opensbc.core.trunk.Trunk> failover = new java.util.ArrayDeque<>();
    /** The number sent to trunks (after the rules' rewrite). */
    String trunkUser;
    /** A transfer the gateway is carrying out for this call (REFER), or null. */
    Object transfer;
    /** Header edits of the rule that routed the call, applied to every outgoing INVITE. */
    org.opensbc.rules.model.HeaderEdits headerEdits = org.opensbc.rules.model.HeaderEdits.NONE;

    /** @param callerLeg builds the caller's leg for this call (legs point back at their call) */
    Call(long id, Instant start, String callerIdentity, String calleeIdentity, String callerTag,
            java.util.function.Function<Call, CallLeg> callerLeg) {
        this.id = id;
        this.start = start;
        this.callerIdentity = callerIdentity;
        this.calleeIdentity = calleeIdentity;
        this.callerTag = callerTag;
        this.caller = callerLeg.apply(this);
    }

    /** The leg across from {@code leg}: the callee for the caller and the other way round. */
    CallLeg peerOf(CallLeg leg) {
        return leg.isCaller() ? callee : caller;
    }

    boolean allForksFinished() {
        return forks.stream().allMatch(f -> f.finished);
    }

    /** A copy of what the admin API shows; takes the call's monitor. */
    synchronized CallSummary summary() {
        return new CallSummary(id, state.name().toLowerCase(java.util.Locale.ROOT), start, callerIdentity, calleeIdentity,
                caller.callId(), callee != null ? callee.callId() : null);
    }

    CallRecord record(Instant end, String disposition, int sipCode, String endedBy) {
        return new CallRecord(start, answeredAt, end, callerIdentity, calleeIdentity, disposition, sipCode, endedBy,
                caller.callId(), callee != null ? callee.callId() : forks.isEmpty() ? null : forks.get(0).callId());
    }
}

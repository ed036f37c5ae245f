package org.opensbc.core.b2bua;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.opensbc.core.call.CallEvent;
import org.opensbc.core.call.CallSnapshot;
import org.opensbc.core.call.CallState;
import org.opensbc.core.call.ForkState;
import org.opensbc.core.call.Leg;
import org.opensbc.core.call.StoredCall;
import org.opensbc.core.call.TimerKind;
import org.opensbc.core.call.Transition;
import org.opensbc.core.cdr.CallRecord;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.Profile;
import org.opensbc.rules.model.HeaderEdits;

/**
 * One call as the SIP adapter holds it: the caller's leg, the callee legs being tried (parallel
 * forks) and what the adapter needs around them (timers, media, failover trunks). Its lifecycle
 * state is a {@link CallSnapshot} that only {@link CallDriver} advances, through the pure
 * {@link org.opensbc.core.call.CallMachine}. Thread confinement: every field is guarded by the
 * call's monitor; every event of a call (responses, in-dialog requests, timers) is handled
 * holding it, so they apply in turn.
 */
final class Call {

    final long id;
    final Instant start;
    /** For the CDR and logs: user@host of the caller and of the dialled target. */
    final String callerIdentity;
    final String calleeIdentity;
    final CallLeg caller;
    /** The To tag the gateway uses towards the caller (one dialog on that side, whatever forks). */
    final String callerTag;

    /** Callee legs created for this call, answered or not; index i is the machine's fork i. */
    private final List<CallLeg> forks = new ArrayList<>(2);
    private CallSnapshot lifecycle;
    private Instant answeredAt;
    private final Map<TimerKind, ScheduledFuture<?>> timers = new EnumMap<>(TimerKind.class);
    /** Events raised while this call's actions run: applied in turn once they are done. */
    private final Deque<CallEvent> queued = new ArrayDeque<>(2);
    private boolean applying;
    /** The call's anchored media; null when its SDP passes unchanged (or it went with a transfer). */
    private MediaSession media;
    /** Whose the media session is: its timeout and digit callbacks follow it when a transfer moves it. */
    private MediaOwner mediaOwner;
    /** The media profile each side is offered in until its own SDP says (see MediaAnchor). */
    private Profile callerProfile;
    private Profile calleeProfile;
    /** Why the media relay refused a fork's offer, for the Warning of the caller's failure; else null. */
    private MediaAnchor.Refused warning;
    /** Trunks still to try, in order, when the current trunk fails (408, 5xx, no response). */
    private final Deque<Trunk> failover = new ArrayDeque<>();
    /** The number sent to trunks (after the rules' rewrite). */
    private String trunkUser;
    /** A transfer the gateway is carrying out for this call (REFER), or null. */
    private Object transfer;
    /** Header edits of the rule that routed the call, applied to every outgoing INVITE. */
    private HeaderEdits headerEdits = HeaderEdits.NONE;
    /** The state store holds a record of this call (see CallJournal). */
    private boolean recorded;

    /** The call a media session belongs to now. */
    static final class MediaOwner {
        private volatile Call call;

        MediaOwner(Call call) {
            this.call = call;
        }

        Call call() {
            return call;
        }

        /** A transfer joined the media's dialogs into {@code next}: timeouts and digits go there. */
        void passTo(Call next) {
            call = next;
        }
    }

    /** @param callerLeg builds the caller's leg for this call (legs point back at their call) */
    Call(long id, Instant start, String callerIdentity, String calleeIdentity, String callerTag,
            java.util.function.Function<Call, CallLeg> callerLeg) {
        this.id = id;
        this.start = start;
        this.callerIdentity = callerIdentity;
        this.calleeIdentity = calleeIdentity;
        this.callerTag = callerTag;
        this.caller = callerLeg.apply(this);
        this.lifecycle = CallSnapshot.ringing();
    }

    /** A call a transfer made of two dialogs already up: answered and ACKed from its start. */
    void joinedWith(CallLeg callee) {
        forks.add(callee);
        lifecycle = CallSnapshot.joined();
        answeredAt = start;
    }

    /** Routing's results the forks and failover need: trunks to fail over to, the trunk number, header edits. */
    void routed(Collection<Trunk> failoverTrunks, String trunkNumber, HeaderEdits edits) {
        failover.addAll(failoverTrunks);
        trunkUser = trunkNumber;
        headerEdits = edits;
    }

    // lifecycle (advanced by CallDriver only)

    CallSnapshot lifecycle() {
        return lifecycle;
    }

    /** Takes the machine's next state; the moment of answer is the adapter's clock's. */
    /** @param clock read only when the call is answered (the CDR's answer time), not per event */
    void advance(Transition transition, java.time.Clock clock) {
        if (lifecycle.state() == CallState.RINGING && transition.next().state() == CallState.ANSWERED) {
            answeredAt = clock.instant();
        }
        lifecycle = transition.next();
    }

    /** True when the caller may apply {@code event} now; else it is queued behind the running one. */
    boolean beginApplying(CallEvent event) {
        if (applying) {
            queued.add(event);
            return false;
        }
        applying = true;
        return true;
    }

    /** The next queued event, or null when done (the call is free for the next event then). */
    CallEvent nextQueued() {
        CallEvent next = queued.poll();
        applying = next != null;
        return next;
    }

    /** When a fork answered (the start for a call a transfer joined); null before. */
    Instant answeredAt() {
        return answeredAt;
    }

    CallState state() {
        return lifecycle.state();
    }

    /** Answered, with or without the caller's ACK. */
    boolean isUp() {
        return lifecycle.state().isUp();
    }

    /** The fork that answered; null before. */
    CallLeg callee() {
        return lifecycle.callee() < 0 ? null : forks.get(lifecycle.callee());
    }

    /** The leg across from {@code leg}: the callee for the caller and the other way round. */
    CallLeg peerOf(CallLeg leg) {
        return leg.isCaller() ? callee() : caller;
    }

    // forks

    /** A new fork, numbered as the machine will number it when its ForkStarted is applied. */
    int addFork(CallLeg leg) {
        forks.add(leg);
        return forks.size() - 1;
    }

    List<CallLeg> forks() {
        return List.copyOf(forks);
    }

    CallLeg fork(int index) {
        return forks.get(index);
    }

    CallLeg leg(Leg which) {
        return which.isCaller() ? caller : forks.get(which.fork());
    }

    /** How the machine names {@code leg}. */
    Leg legOf(CallLeg leg) {
        if (leg.isCaller()) {
            return Leg.CALLER;
        }
        int index = forks.indexOf(leg);
        if (index < 0) {
            throw new IllegalArgumentException("call " + id + " has no such fork");
        }
        return Leg.fork(index);
    }

    /** The machine's view of a fork; a fork whose ForkStarted is still queued counts as just started. */
    ForkState forkState(CallLeg leg) {
        int index = forks.indexOf(leg);
        return index < lifecycle.forks().size() ? lifecycle.fork(index) : null;
    }

    // timers

    void startTimer(TimerKind kind, ScheduledFuture<?> task) {
        stopTimer(kind);
        timers.put(kind, task);
    }

    void stopTimer(TimerKind kind) {
        ScheduledFuture<?> task = timers.remove(kind);
        if (task != null) {
            task.cancel(false);
        }
    }

    // media

    MediaSession media() {
        return media;
    }

    /** The relay session for this call, and the profile each side is offered in at first. */
    void anchor(MediaSession session, MediaOwner owner, Profile callerSide, Profile calleeSide) {
        media = session;
        mediaOwner = owner;
        callerProfile = callerSide;
        calleeProfile = calleeSide;
    }

    /** The profile an offer towards {@code leg}'s peer is made in. */
    Profile profileTowardsPeerOf(CallLeg leg) {
        return leg.isCaller() ? calleeProfile : callerProfile;
    }

    /** A transfer joined two dialogs: the media session and its callbacks move from {@code old} to this call. */
    void takeMediaFrom(Call old) {
        anchor(old.media, old.mediaOwner, old.media == null ? null : old.media.profile(org.opensbc.media.relay.Side.CALLER),
                old.media == null ? null : old.media.profile(org.opensbc.media.relay.Side.CALLEE));
        if (old.mediaOwner != null) {
            old.mediaOwner.passTo(this);
        }
        old.media = null;
        old.mediaOwner = null;
    }

    // what else the adapter keeps for the call

    MediaAnchor.Refused warning() {
        return warning;
    }

    /** The Warning the caller's failure carries (null: none). */
    void warn(MediaAnchor.Refused refused) {
        warning = refused;
    }

    /** The next trunk to fail over to, or null. */
    Trunk nextFailoverTrunk() {
        return failover.poll();
    }

    String trunkUser() {
        return trunkUser;
    }

    HeaderEdits headerEdits() {
        return headerEdits;
    }

    boolean transferring() {
        return transfer != null;
    }

    void transferStarted(Object attempt) {
        transfer = attempt;
    }

    void transferOver() {
        transfer = null;
    }

    /** A copy of what the admin API shows; takes the call's monitor. */
    synchronized CallSummary summary() {
        CallLeg callee = callee();
        return new CallSummary(id, lifecycle.state().viewName(), start, callerIdentity, calleeIdentity,
                caller.callId(), callee != null ? callee.callId() : null);
    }

    boolean isRecorded() {
        return recorded;
    }

    void markRecorded() {
        recorded = true;
    }

    void markUnrecorded() {
        recorded = false;
    }

    /**
     * The answered call as a state store keeps it (taken under the call's monitor).
     *
     * @throws IllegalStateException a leg's dialog is not established
     */
    StoredCall stored(Instant written) {
        CallLeg callee = callee();
        Trunk trunk = callee == null ? null : callee.trunk();
        return new StoredCall(id, start, answeredAt, written, callerIdentity, calleeIdentity,
                trunk == null ? null : trunk.name(), lifecycle, StoredLegs.of(caller),
                callee == null ? null : StoredLegs.of(callee));
    }

    CallRecord record(Instant end, String disposition, int sipCode, String endedBy) {
        return new CallRecord(start, answeredAt, end, callerIdentity, calleeIdentity, disposition, sipCode, endedBy,
                caller.callId(), calleeCallId());
    }

    /** The answered fork's Call-ID, else the first fork's (the one a failure is reported for), else null. */
    private String calleeCallId() {
        CallLeg callee = callee();
        return callee != null ? callee.callId() : forks.isEmpty() ? null : forks.get(0).callId();
    }

    @Override
    public String toString() {
        return "call " + id + " (" + lifecycle.state().name().toLowerCase(Locale.ROOT) + ")";
    }
}

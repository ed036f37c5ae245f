package org.opensbc.core.call;

import java.util.ArrayList;
import java.util.List;
import org.opensbc.core.call.CallAction.AckAndBye;
import org.opensbc.core.call.CallAction.RejectCaller;
import org.opensbc.core.call.CallAction.ReleaseFork;
import org.opensbc.core.call.CallAction.ReleaseLegs;
import org.opensbc.core.call.CallAction.ReleaseMedia;
import org.opensbc.core.call.CallAction.RelayAnswer;
import org.opensbc.core.call.CallAction.RelayProvisional;
import org.opensbc.core.call.CallAction.SendBye;
import org.opensbc.core.call.CallAction.SendCancel;
import org.opensbc.core.call.CallAction.StartTimer;
import org.opensbc.core.call.CallAction.StopTimer;
import org.opensbc.core.call.CallAction.TryNextTrunk;
import org.opensbc.core.call.CallAction.UnindexInvite;
import org.opensbc.core.call.CallAction.WriteCdr;
import org.opensbc.core.call.CallEvent.AnswerNotRelayed;
import org.opensbc.core.call.CallEvent.ByeReceived;
import org.opensbc.core.call.CallEvent.CallerAcked;
import org.opensbc.core.call.CallEvent.CallerCancelled;
import org.opensbc.core.call.CallEvent.FlowClosed;
import org.opensbc.core.call.CallEvent.ForkAnswered;
import org.opensbc.core.call.CallEvent.ForkFailed;
import org.opensbc.core.call.CallEvent.ForkNotCreated;
import org.opensbc.core.call.CallEvent.ForkProvisional;
import org.opensbc.core.call.CallEvent.ForkSilent;
import org.opensbc.core.call.CallEvent.ForkStarted;
import org.opensbc.core.call.CallEvent.ForkTimedOut;
import org.opensbc.core.call.CallEvent.ForkUnreachable;
import org.opensbc.core.call.CallEvent.HangUp;
import org.opensbc.core.call.CallEvent.NoTrunkLeft;
import org.opensbc.core.call.CallEvent.RoutingDone;
import org.opensbc.core.call.CallEvent.Shutdown;
import org.opensbc.core.call.CallEvent.TimerFired;

/**
 * A call's lifecycle as a pure function: {@code (state, event) -> (next state, actions)}. No
 * I/O, no clock, no locks: the adapter holds the call's monitor, applies the event, stores the
 * next state and carries out the actions in order. Events a state does not accept change
 * nothing and ask for nothing. The accepted events per state (CallMachineTest checks each):
 *
 * <pre>
 * RINGING    ForkStarted ForkNotCreated RoutingDone ForkProvisional ForkAnswered(-> ANSWERED)
 *            ForkFailed ForkTimedOut ForkSilent ForkUnreachable NoTrunkLeft CallerCancelled
 *            FlowClosed TimerFired(RING) Shutdown               (failures -> ENDED)
 * ANSWERED   CallerAcked(-> CONFIRMED) AnswerNotRelayed ByeReceived FlowClosed HangUp
 *            TimerFired(ACK_WAIT) Shutdown                       (-> ENDED)
 * CONFIRMED  ByeReceived FlowClosed HangUp Shutdown              (-> ENDED)
 * any state  ForkStarted (index bookkeeping), ForkProvisional (a pending CANCEL goes),
 *            ForkAnswered (late 2xx: ACK + BYE), ForkFailed/ForkTimedOut (fork released)
 * </pre>
 */
public final class CallMachine {

    private CallMachine() {
    }

    /** 408, 5xx (503 included) and transport failures of a trunk fail over; other answers are the callee's. */
    public static boolean failsOver(int status) {
        return status == 408 || (status >= 500 && status < 600);
    }

    public static Transition apply(CallSnapshot state, CallEvent event) {
        Step step = new Step(state);
        if (event instanceof ForkStarted e) {
            step.forks.add(ForkState.started(e.viaTrunk()));
        } else if (event instanceof ForkNotCreated e) {
            notCreated(step, e.status());
        } else if (event instanceof RoutingDone) {
            routingDone(step);
        } else if (event instanceof ForkProvisional e) {
            provisional(step, e.fork());
        } else if (event instanceof ForkAnswered e) {
            answered(step, e.fork());
        } else if (event instanceof ForkFailed e) {
            failed(step, e.fork(), e.status());
        } else if (event instanceof ForkTimedOut e) {
            failed(step, e.fork(), 408);
        } else if (event instanceof ForkSilent e) {
            givenUp(step, e.fork(), 408, false);
        } else if (event instanceof ForkUnreachable e) {
            givenUp(step, e.fork(), 503, true);
        } else if (event instanceof NoTrunkLeft) {
            noTrunkLeft(step);
        } else if (event instanceof AnswerNotRelayed e) {
            answerNotRelayed(step, e.status(), e.callerStillWaiting());
        } else if (event instanceof CallerAcked) {
            if (step.state == CallState.ANSWERED) {
                step.state = CallState.CONFIRMED;
                step.act(new StopTimer(TimerKind.ACK_WAIT));
            }
        } else if (event instanceof ByeReceived e) {
            if (step.state.isUp() && isCallerOrCallee(step, e.from())) {
                hangUp(step, e.from(), e.from().isCaller() ? EndedBy.CALLER : EndedBy.CALLEE);
            }
        } else if (event instanceof FlowClosed e) {
            flowClosed(step, e.leg());
        } else if (event instanceof TimerFired e) {
            timerFired(step, e.timer());
        } else if (event instanceof HangUp e) {
            if (step.state.isUp()) {
                hangUp(step, null, e.reason().endedBy());
            }
        } else if (event instanceof CallerCancelled) {
            giveUpRinging(step, 487, EndedBy.GATEWAY);
        } else if (event instanceof Shutdown) {
            if (step.state.isUp()) {
                hangUp(step, null, EndedBy.SHUTDOWN);
            } else {
                giveUpRinging(step, 503, EndedBy.SHUTDOWN);
            }
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return step.transition();
    }

    /** Kept as max, not RFC 16.7 ranking, as the gateway always did for forks that never left. */
    private static void notCreated(Step step, int status) {
        if (step.state == CallState.RINGING) {
            step.bestFailure = Math.max(step.bestFailure, status);
        }
    }

    private static void routingDone(Step step) {
        if (step.state != CallState.RINGING) {
            return;
        }
        if (step.allForksFinished()) {
            failCaller(step, FailureMapping.towardsCaller(step.bestFailure), EndedBy.GATEWAY);
        } else {
            step.act(new StartTimer(TimerKind.RING));
        }
    }

    private static void provisional(Step step, int fork) {
        ForkState f = step.forks.get(fork);
        if (f.abandoned()) {
            return;
        }
        step.forks.set(fork, f.withProvisional());
        if (f.cancelPending()) {
            sendCancel(step, fork); // the CANCEL that waited for this first provisional
        } else if (step.state == CallState.RINGING) {
            step.act(new RelayProvisional(fork));
        }
    }

    private static void answered(Step step, int fork) {
        ForkState f = step.forks.get(fork);
        if (f.abandoned()) {
            step.act(new AckAndBye(fork)); // the trunk woke up after we moved on
            return;
        }
        step.forks.set(fork, f.asFinished());
        if (step.state != CallState.RINGING) {
            step.act(new AckAndBye(fork)); // crossed our CANCEL, or another fork won (RFC 3261 15)
            return;
        }
        step.state = CallState.ANSWERED;
        step.callee = fork;
        step.act(new StopTimer(TimerKind.RING));
        for (int other = 0; other < step.forks.size(); other++) {
            if (other != fork && !step.forks.get(other).finished()) {
                cancel(step, other);
            }
        }
        step.act(new UnindexInvite());
        step.act(new RelayAnswer(fork));
        step.act(new StartTimer(TimerKind.ACK_WAIT));
    }

    private static void failed(Step step, int fork, int status) {
        ForkState f = step.forks.get(fork);
        if (f.finished()) {
            return;
        }
        step.forks.set(fork, f.asFinished());
        step.act(new ReleaseFork(fork));
        if (step.state != CallState.RINGING) {
            return;
        }
        if (FailureMapping.better(status, step.bestFailure)) {
            step.bestFailure = status;
        }
        if (f.viaTrunk() && failsOver(status)) {
            if (step.allForksFinished()) {
                step.act(new TryNextTrunk());
            }
            return;
        }
        if (status >= 600) {
            cancelUnfinished(step);
            failCaller(step, FailureMapping.towardsCaller(status), EndedBy.GATEWAY);
        } else if (step.allForksFinished()) {
            failCaller(step, FailureMapping.towardsCaller(step.bestFailure), EndedBy.GATEWAY);
        }
    }

    /** A fork the gateway stops waiting for: its late answers are not the call's any more. */
    private static void givenUp(Step step, int fork, int status, boolean onlyBeforeProvisional) {
        ForkState f = step.forks.get(fork);
        if (step.state != CallState.RINGING || f.finished() || (onlyBeforeProvisional && f.provisionalSeen())) {
            return;
        }
        step.forks.set(fork, f.asAbandoned());
        failed(step, fork, status);
    }

    private static void noTrunkLeft(Step step) {
        if (step.state == CallState.RINGING && step.allForksFinished()) {
            failCaller(step, FailureMapping.towardsCaller(step.bestFailure), EndedBy.GATEWAY);
        }
    }

    private static void answerNotRelayed(Step step, int status, boolean callerStillWaiting) {
        if (step.state != CallState.ANSWERED) {
            return;
        }
        step.act(new AckAndBye(step.callee));
        if (callerStillWaiting) {
            failCaller(step, FailureMapping.towardsCaller(status), EndedBy.GATEWAY);
        } else {
            end(step, "failed", status, EndedBy.GATEWAY);
        }
    }

    private static void flowClosed(Step step, Leg leg) {
        if (step.state.isUp()) {
            if (isCallerOrCallee(step, leg)) {
                hangUp(step, leg, leg.isCaller() ? EndedBy.CALLER : EndedBy.CALLEE);
            }
        } else if (step.state == CallState.RINGING) {
            if (leg.isCaller()) {
                cancelUnfinished(step);
                step.act(new UnindexInvite());
                end(step, "cancelled", 487, EndedBy.CALLER); // no final response: its flow is gone
            } else {
                failed(step, leg.fork(), 480);
            }
        }
    }

    private static void timerFired(Step step, TimerKind timer) {
        if (timer == TimerKind.RING) {
            giveUpRinging(step, 480, EndedBy.GATEWAY);
        } else if (timer == TimerKind.ACK_WAIT && step.state == CallState.ANSWERED) {
            hangUp(step, null, EndedBy.GATEWAY);
        }
    }

    /** CANCEL, ring timeout, shutdown: the forks are cancelled and the caller hears {@code status}. */
    private static void giveUpRinging(Step step, int status, EndedBy endedBy) {
        if (step.state == CallState.RINGING) {
            cancelUnfinished(step);
            failCaller(step, status, endedBy);
        }
    }

    private static boolean isCallerOrCallee(Step step, Leg leg) {
        return leg.isCaller() || leg.fork() == step.callee;
    }

    /** BYE on both legs but the one whose BYE (or closed flow) started it; CDR "answered". */
    private static void hangUp(Step step, Leg byeFrom, EndedBy endedBy) {
        if (byeFrom == null || !byeFrom.isCaller()) {
            step.act(new SendBye(Leg.CALLER));
        }
        if (step.callee >= 0 && (byeFrom == null || byeFrom.isCaller())) {
            step.act(new SendBye(Leg.fork(step.callee)));
        }
        end(step, "answered", 200, endedBy);
    }

    private static void failCaller(Step step, int status, EndedBy endedBy) {
        step.act(new UnindexInvite());
        step.act(new RejectCaller(status));
        end(step, FailureMapping.disposition(status), status, endedBy);
    }

    private static void end(Step step, String disposition, int status, EndedBy endedBy) {
        step.state = CallState.ENDED;
        step.forks.replaceAll(ForkState::asFinished);
        step.act(new StopTimer(TimerKind.RING));
        step.act(new StopTimer(TimerKind.ACK_WAIT));
        step.act(new ReleaseLegs());
        step.act(new ReleaseMedia());
        step.act(new WriteCdr(disposition, status, endedBy));
    }

    private static void cancelUnfinished(Step step) {
        for (int fork = 0; fork < step.forks.size(); fork++) {
            if (!step.forks.get(fork).finished()) {
                cancel(step, fork);
            }
        }
    }

    /** RFC 3261 9.1: a CANCEL before any provisional may cross the INVITE, so it waits for one. */
    private static void cancel(Step step, int fork) {
        if (step.forks.get(fork).provisionalSeen()) {
            sendCancel(step, fork);
        } else {
            step.forks.set(fork, step.forks.get(fork).withCancelPending(true));
        }
    }

    private static void sendCancel(Step step, int fork) {
        step.forks.set(fork, step.forks.get(fork).withCancelPending(false));
        step.act(new SendCancel(fork));
    }

    /** The state being worked out for one event; never escapes {@link #apply}. */
    private static final class Step {
        CallState state;
        int bestFailure;
        int callee;
        final List<ForkState> forks;
        final List<CallAction> actions = new ArrayList<>(8);

        Step(CallSnapshot from) {
            state = from.state();
            bestFailure = from.bestFailure();
            callee = from.callee();
            forks = new ArrayList<>(from.forks());
        }

        void act(CallAction action) {
            actions.add(action);
        }

        boolean allForksFinished() {
            return forks.stream().allMatch(ForkState::finished);
        }

        Transition transition() {
            return new Transition(new CallSnapshot(state, bestFailure, callee, forks), actions);
        }
    }
}

package org.opensbc.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
 * The call state machine as a table: each row is a state, an event, the next state and the
 * actions, in order. {@link #everyStateAndEventIsSpecified} checks that the table names every
 * state x event pair, as a row or as ignored (no change, no action).
 */
class CallMachineTest {

    private static final ForkState WAITING = ForkState.started(false);
    private static final ForkState PROCEEDING = WAITING.withProvisional();
    private static final ForkState TRUNK = ForkState.started(true);
    private static final ForkState DONE = WAITING.asFinished();
    private static final ForkState RANG = PROCEEDING.asFinished();
    /** Ended before it heard anything: its CANCEL still waits for a provisional. */
    private static final ForkState CANCEL_WAITS = WAITING.withCancelPending(true).asFinished();

    /** Two user forks: fork 0 has heard nothing yet, fork 1 is ringing. */
    private static final CallSnapshot RINGING = snapshot(CallState.RINGING, 0, -1, WAITING, PROCEEDING);
    /** One trunk fork, nothing heard. */
    private static final CallSnapshot RINGING_TRUNK = snapshot(CallState.RINGING, 0, -1, TRUNK);
    private static final CallSnapshot ANSWERED = snapshot(CallState.ANSWERED, 0, 1, DONE, PROCEEDING.asFinished());
    private static final CallSnapshot CONFIRMED = snapshot(CallState.CONFIRMED, 0, 1, DONE, PROCEEDING.asFinished());
    private static final CallSnapshot ENDED = snapshot(CallState.ENDED, 487, -1, DONE, PROCEEDING.asFinished());

    private static final List<CallAction> END_TAIL = List.of(new StopTimer(TimerKind.RING),
            new StopTimer(TimerKind.ACK_WAIT), new ReleaseLegs(), new ReleaseMedia());

    record Row(String name, CallSnapshot given, CallEvent event, CallSnapshot next, List<CallAction> actions) {
        @Override
        public String toString() {
            return given.state() + " x " + event.getClass().getSimpleName() + ": " + name;
        }
    }

    static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        // RINGING
        rows.add(new Row("a fork is added", RINGING, new ForkStarted(true),
                snapshot(CallState.RINGING, 0, -1, WAITING, PROCEEDING, TRUNK), List.of()));
        rows.add(new Row("a fork that never left counts as the highest status", RINGING, new ForkNotCreated(488),
                snapshot(CallState.RINGING, 488, -1, WAITING, PROCEEDING), List.of()));
        rows.add(new Row("forks under way: the ring timer starts", RINGING, new RoutingDone(), RINGING,
                List.of(new StartTimer(TimerKind.RING))));
        rows.add(new Row("no fork left: the caller gets the mapped best failure",
                snapshot(CallState.RINGING, 503, -1, DONE), new RoutingDone(), ended(503, DONE),
                ending(List.of(new UnindexInvite(), new RejectCaller(500)), "failed", 500, EndedBy.GATEWAY)));
        rows.add(new Row("180 relayed", RINGING, new ForkProvisional(0),
                snapshot(CallState.RINGING, 0, -1, PROCEEDING, PROCEEDING), List.of(new RelayProvisional(0))));
        rows.add(new Row("a waiting CANCEL goes on the first provisional",
                snapshot(CallState.RINGING, 0, -1, WAITING.withCancelPending(true)), new ForkProvisional(0),
                snapshot(CallState.RINGING, 0, -1, PROCEEDING), List.of(new SendCancel(0))));
        rows.add(new Row("2xx answers: other forks cancelled (at once or once they ring)", RINGING, new ForkAnswered(1),
                snapshot(CallState.ANSWERED, 0, 1, WAITING.withCancelPending(true), PROCEEDING.asFinished()),
                List.of(new StopTimer(TimerKind.RING), new UnindexInvite(), new RelayAnswer(1),
                        new StartTimer(TimerKind.ACK_WAIT))));
        rows.add(new Row("the ringing fork is cancelled when the other answers", RINGING, new ForkAnswered(0),
                snapshot(CallState.ANSWERED, 0, 0, DONE, PROCEEDING),
                List.of(new StopTimer(TimerKind.RING), new SendCancel(1), new UnindexInvite(), new RelayAnswer(0),
                        new StartTimer(TimerKind.ACK_WAIT))));
        rows.add(new Row("one fork busy, the other still rings", RINGING, new ForkFailed(0, 486),
                snapshot(CallState.RINGING, 486, -1, DONE, PROCEEDING), List.of(new ReleaseFork(0))));
        rows.add(new Row("last fork fails: best failure of all (RFC 3261 16.7)",
                snapshot(CallState.RINGING, 486, -1, DONE, PROCEEDING), new ForkFailed(1, 404), ended(486, DONE, RANG),
                ending(List.of(new ReleaseFork(1), new UnindexInvite(), new RejectCaller(486)), "busy", 486,
                        EndedBy.GATEWAY)));
        rows.add(new Row("6xx ends the search: other forks cancelled", RINGING, new ForkFailed(1, 603),
                ended(603, CANCEL_WAITS, RANG), ending(List.of(new ReleaseFork(1), new UnindexInvite(), new RejectCaller(603)),
                        "rejected", 603, EndedBy.GATEWAY)));
        rows.add(new Row("a trunk's 503 fails over", RINGING_TRUNK, new ForkFailed(0, 503),
                snapshot(CallState.RINGING, 503, -1, TRUNK.asFinished()),
                List.of(new ReleaseFork(0), new TryNextTrunk())));
        rows.add(new Row("a trunk's 404 is the callee's answer: no failover", RINGING_TRUNK, new ForkFailed(0, 404),
                ended(404, TRUNK.asFinished()), ending(List.of(new ReleaseFork(0), new UnindexInvite(),
                        new RejectCaller(404)), "rejected", 404, EndedBy.GATEWAY)));
        rows.add(new Row("Timer B: the fork failed with 408", RINGING, new ForkTimedOut(0),
                snapshot(CallState.RINGING, 408, -1, DONE, PROCEEDING), List.of(new ReleaseFork(0))));
        rows.add(new Row("a silent trunk is abandoned and failed over", RINGING_TRUNK, new ForkSilent(0),
                snapshot(CallState.RINGING, 408, -1, TRUNK.asAbandoned().asFinished()),
                List.of(new ReleaseFork(0), new TryNextTrunk())));
        rows.add(new Row("a refused connection fails a fork that heard nothing", RINGING_TRUNK, new ForkUnreachable(0),
                snapshot(CallState.RINGING, 503, -1, TRUNK.asAbandoned().asFinished()),
                List.of(new ReleaseFork(0), new TryNextTrunk())));
        rows.add(new Row("...but not one that already rings", RINGING, new ForkUnreachable(1), RINGING, List.of()));
        rows.add(new Row("no trunk left: the best failure, mapped", snapshot(CallState.RINGING, 503, -1,
                TRUNK.asFinished()), new NoTrunkLeft(), ended(503, TRUNK.asFinished()),
                ending(List.of(new UnindexInvite(), new RejectCaller(500)), "failed", 500, EndedBy.GATEWAY)));
        rows.add(new Row("CANCEL: 487, forks cancelled", RINGING, new CallerCancelled(), ended(0, CANCEL_WAITS, RANG),
                ending(List.of(new SendCancel(1), new UnindexInvite(), new RejectCaller(487)), "cancelled", 487,
                        EndedBy.GATEWAY)));
        rows.add(new Row("the caller's flow closed: cancelled by the caller, no response", RINGING,
                new FlowClosed(Leg.CALLER), ended(0, CANCEL_WAITS, RANG),
                ending(List.of(new SendCancel(1), new UnindexInvite()), "cancelled", 487, EndedBy.CALLER)));
        rows.add(new Row("a ringing browser's flow closed: that fork fails 480", RINGING, new FlowClosed(Leg.fork(1)),
                snapshot(CallState.RINGING, 480, -1, WAITING, PROCEEDING.asFinished()), List.of(new ReleaseFork(1))));
        rows.add(new Row("ring timeout: 480", RINGING, new TimerFired(TimerKind.RING), ended(0, CANCEL_WAITS, RANG),
                ending(List.of(new SendCancel(1), new UnindexInvite(), new RejectCaller(480)), "no-answer", 480,
                        EndedBy.GATEWAY)));
        rows.add(new Row("shutdown: 503", RINGING, new Shutdown(), ended(0, CANCEL_WAITS, RANG),
                ending(List.of(new SendCancel(1), new UnindexInvite(), new RejectCaller(503)), "failed", 503,
                        EndedBy.SHUTDOWN)));
        // ANSWERED (awaiting the caller's ACK)
        rows.add(new Row("the caller's ACK confirms", ANSWERED, new CallerAcked(), CONFIRMED,
                List.of(new StopTimer(TimerKind.ACK_WAIT))));
        rows.add(new Row("no ACK in 64*T1: BYE both", ANSWERED, new TimerFired(TimerKind.ACK_WAIT), endedUp(ANSWERED),
                ending(List.of(new SendBye(Leg.CALLER), new SendBye(Leg.fork(1))), "answered", 200, EndedBy.GATEWAY)));
        rows.add(new Row("2xx not relayed, caller still waiting: failure to it", ANSWERED, new AnswerNotRelayed(488, true),
                endedUp(ANSWERED), ending(List.of(new AckAndBye(1), new UnindexInvite(), new RejectCaller(488)),
                        "rejected", 488, EndedBy.GATEWAY)));
        rows.add(new Row("2xx sent but the rest failed", ANSWERED, new AnswerNotRelayed(500, false), endedUp(ANSWERED),
                ending(List.of(new AckAndBye(1)), "failed", 500, EndedBy.GATEWAY)));
        addUpRows(rows, ANSWERED);
        addUpRows(rows, CONFIRMED);
        rows.add(new Row("the ACK timer after the ACK does nothing", CONFIRMED, new TimerFired(TimerKind.ACK_WAIT),
                CONFIRMED, List.of()));
        // ENDED
        rows.add(new Row("a CANCEL that waited goes even after the end",
                snapshot(CallState.ENDED, 0, -1, WAITING.withCancelPending(true).asFinished()), new ForkProvisional(0),
                snapshot(CallState.ENDED, 0, -1, PROCEEDING.asFinished()), List.of(new SendCancel(0))));
        rows.add(new Row("late 2xx after the end: ACK + BYE", ENDED, new ForkAnswered(0), ENDED,
                List.of(new AckAndBye(0))));
        rows.add(new Row("a fork started for the record", ENDED, new ForkStarted(false),
                snapshot(CallState.ENDED, 487, -1, DONE, PROCEEDING.asFinished(), WAITING), List.of()));
        return rows;
    }

    /** What an answered call accepts, with or without the caller's ACK. */
    private static void addUpRows(List<Row> rows, CallSnapshot up) {
        rows.add(new Row("late 2xx of another fork: ACK + BYE", up, new ForkAnswered(0), up, List.of(new AckAndBye(0))));
        rows.add(new Row("a late provisional is noted, not relayed", up, new ForkProvisional(0),
                new CallSnapshot(up.state(), 0, 1, List.of(PROCEEDING.asFinished(), up.fork(1))), List.of()));
        rows.add(new Row("a fork started for the record", up, new ForkStarted(false),
                new CallSnapshot(up.state(), 0, 1, List.of(up.fork(0), up.fork(1), WAITING)), List.of()));
        rows.add(new Row("caller's BYE: BYE to the callee", up, new ByeReceived(Leg.CALLER), endedUp(up),
                ending(List.of(new SendBye(Leg.fork(1))), "answered", 200, EndedBy.CALLER)));
        rows.add(new Row("callee's BYE: BYE to the caller", up, new ByeReceived(Leg.fork(1)), endedUp(up),
                ending(List.of(new SendBye(Leg.CALLER)), "answered", 200, EndedBy.CALLEE)));
        rows.add(new Row("BYE on a fork that lost: nothing", up, new ByeReceived(Leg.fork(0)), up, List.of()));
        rows.add(new Row("the callee's WebSocket closed", up, new FlowClosed(Leg.fork(1)), endedUp(up),
                ending(List.of(new SendBye(Leg.CALLER)), "answered", 200, EndedBy.CALLEE)));
        rows.add(new Row("the caller's WebSocket closed", up, new FlowClosed(Leg.CALLER), endedUp(up),
                ending(List.of(new SendBye(Leg.fork(1))), "answered", 200, EndedBy.CALLER)));
        rows.add(new Row("media timeout: BYE both", up, new HangUp(HangUpReason.MEDIA_TIMEOUT), endedUp(up),
                ending(List.of(new SendBye(Leg.CALLER), new SendBye(Leg.fork(1))), "answered", 200,
                        EndedBy.MEDIA_TIMEOUT)));
        rows.add(new Row("shutdown: BYE both", up, new Shutdown(), endedUp(up),
                ending(List.of(new SendBye(Leg.CALLER), new SendBye(Leg.fork(1))), "answered", 200,
                        EndedBy.SHUTDOWN)));
        rows.add(new Row("session expired: BYE both", up, new HangUp(HangUpReason.SESSION_EXPIRED), endedUp(up),
                ending(List.of(new SendBye(Leg.CALLER), new SendBye(Leg.fork(1))), "answered", 200, EndedBy.GATEWAY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void transition(Row row) {
        Transition t = CallMachine.apply(row.given(), row.event());
        assertEquals(row.next(), t.next(), "next state");
        assertEquals(row.actions(), t.actions(), "actions");
    }

    /** A sample of every event kind, for the pairs the table declares ignored. */
    private static List<CallEvent> samples() {
        return List.of(new ForkStarted(false), new ForkNotCreated(500), new RoutingDone(), new ForkProvisional(0),
                new ForkAnswered(0), new ForkFailed(0, 486), new ForkTimedOut(0), new ForkSilent(0),
                new ForkUnreachable(0), new NoTrunkLeft(), new AnswerNotRelayed(500, true), new CallerCancelled(),
                new CallerAcked(), new ByeReceived(Leg.CALLER), new FlowClosed(Leg.CALLER),
                new TimerFired(TimerKind.RING), new HangUp(HangUpReason.DIALOG_GONE), new Shutdown());
    }

    static Stream<Object[]> ignoredPairs() {
        Map<CallState, CallSnapshot> given = new EnumMap<>(Map.of(CallState.RINGING, RINGING, CallState.ANSWERED,
                ANSWERED, CallState.CONFIRMED, CONFIRMED, CallState.ENDED, ENDED));
        Set<String> specified = specifiedPairs();
        return Arrays.stream(CallState.values()).flatMap(state -> samples().stream()
                .filter(e -> !specified.contains(state + "/" + e.getClass().getSimpleName()))
                .map(e -> new Object[] {state + " ignores " + e.getClass().getSimpleName(), given.get(state), e}));
    }

    /** Pairs that the table has rows for (in some variant) are not checked as ignored. */
    private static Set<String> specifiedPairs() {
        Set<String> pairs = new HashSet<>();
        for (Row row : table()) {
            pairs.add(row.given().state() + "/" + row.event().getClass().getSimpleName());
        }
        return pairs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredPairs")
    void ignoredEventsChangeNothing(String name, CallSnapshot given, CallEvent event) {
        Transition t = CallMachine.apply(given, event);
        assertEquals(given, t.next(), name);
        assertEquals(List.of(), t.actions(), name);
    }

    @Test
    void everyStateAndEventIsSpecified() {
        Set<String> sampled = new HashSet<>();
        samples().forEach(e -> sampled.add(e.getClass().getSimpleName()));
        for (Class<?> kind : CallEvent.class.getPermittedSubclasses()) {
            assertTrue(sampled.contains(kind.getSimpleName()), kind.getSimpleName() + " has no sample");
        }
        long rows = ignoredPairs().count() + specifiedPairs().size();
        assertEquals((long) CallState.values().length * CallEvent.class.getPermittedSubclasses().length, rows,
                "every state x event is a row or ignored");
    }

    @Test
    void aTrunkFailoverRunsUntilNoTrunkIsLeft() {
        CallSnapshot call = CallSnapshot.ringing();
        call = CallMachine.apply(call, new ForkStarted(true)).next();
        call = CallMachine.apply(call, new RoutingDone()).next();
        Transition failed = CallMachine.apply(call, new ForkFailed(0, 503));
        assertEquals(List.of(new ReleaseFork(0), new TryNextTrunk()), failed.actions());
        call = CallMachine.apply(failed.next(), new ForkStarted(true)).next();
        call = CallMachine.apply(call, new ForkFailed(1, 408)).next();
        Transition none = CallMachine.apply(call, new NoTrunkLeft());
        assertEquals(CallState.ENDED, none.next().state());
        assertTrue(none.actions().contains(new RejectCaller(500)), "503 is the best failure, 500 to the caller");
    }

    private static List<CallAction> ending(List<CallAction> before, String disposition, int status, EndedBy by) {
        List<CallAction> all = new ArrayList<>(before);
        all.addAll(END_TAIL);
        all.add(new WriteCdr(disposition, status, by));
        return all;
    }

    private static CallSnapshot endedUp(CallSnapshot up) {
        return new CallSnapshot(CallState.ENDED, up.bestFailure(), up.callee(), up.forks());
    }

    private static CallSnapshot ended(int bestFailure, ForkState... forks) {
        return snapshot(CallState.ENDED, bestFailure, -1, forks);
    }

    static CallSnapshot snapshot(CallState state, int bestFailure, int callee, ForkState... forks) {
        return new CallSnapshot(state, bestFailure, callee, List.of(forks));
    }
}

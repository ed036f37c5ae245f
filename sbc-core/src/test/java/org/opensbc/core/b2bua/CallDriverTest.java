package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.core.call.CallAction;
import org.opensbc.core.call.CallEvent;
import org.opensbc.core.call.CallState;
import org.opensbc.core.call.TimerKind;

/** The adapter's event loop, without SIP: actions are recorded, not carried out. */
class CallDriverTest {

    private static final Instant ANSWER = Instant.parse("2026-12-01T10:00:05Z");

    private final List<CallAction> performed = new ArrayList<>();
    private final CallDriver driver = new CallDriver(Clock.fixed(ANSWER, ZoneOffset.UTC));

    private static Call newCall() {
        return new Call(7, Instant.parse("2026-12-01T10:00:00Z"), "alice@example.com", "bob@example.com", "tag",
                c -> new CallLeg(c, CallLeg.Role.CALLER, null, null, false));
    }

    private static CallLeg fork(Call call) {
        CallLeg leg = new CallLeg(call, CallLeg.Role.CALLEE, null, null, false);
        call.addFork(leg);
        return leg;
    }

    @Test
    void anAnswerMakesTheForkTheCalleeAndStampsTheAnswerTime() {
        driver.carryOutWith((call, action) -> performed.add(action));
        Call call = newCall();
        CallLeg first = fork(call);
        driver.fire(call, new CallEvent.ForkStarted(false));
        driver.fire(call, new CallEvent.RoutingDone());
        assertNull(call.callee());
        driver.fire(call, new CallEvent.ForkAnswered(0));
        assertEquals(CallState.ANSWERED, call.state());
        assertSame(first, call.callee());
        assertEquals(ANSWER, call.answeredAt());
        assertEquals(List.of(new CallAction.StartTimer(TimerKind.RING), new CallAction.StopTimer(TimerKind.RING),
                new CallAction.UnindexInvite(), new CallAction.RelayAnswer(0),
                new CallAction.StartTimer(TimerKind.ACK_WAIT)), performed);
    }

    @Test
    void anEventRaisedByAnActionWaitsUntilTheRunningEventsActionsAreDone() {
        Call call = newCall();
        fork(call);
        driver.carryOutWith((c, action) -> {
            performed.add(action);
            if (action instanceof CallAction.RelayAnswer) {
                driver.fire(c, new CallEvent.AnswerNotRelayed(500, false)); // as relayAnswer does on failure
            }
        });
        driver.fire(call, new CallEvent.ForkStarted(false));
        driver.fire(call, new CallEvent.ForkAnswered(0));
        int relay = performed.indexOf(new CallAction.RelayAnswer(0));
        assertEquals(new CallAction.StartTimer(TimerKind.ACK_WAIT), performed.get(relay + 1),
                "the answer's own actions first");
        assertEquals(new CallAction.AckAndBye(0), performed.get(relay + 2), "then the failure it raised");
        assertEquals(CallState.ENDED, call.state());
    }

    @Test
    void aFailingActionLeavesTheCallFreeForItsNextEvent() {
        Call call = newCall();
        fork(call);
        driver.carryOutWith((c, action) -> performed.add(action));
        driver.fire(call, new CallEvent.ForkStarted(false));
        driver.carryOutWith((c, action) -> {
            throw new IllegalStateException("boom");
        });
        assertThrows(IllegalStateException.class, () -> driver.fire(call, new CallEvent.RoutingDone()));
        driver.carryOutWith((c, action) -> performed.add(action));
        driver.fire(call, new CallEvent.CallerCancelled());
        assertEquals(CallState.ENDED, call.state(), "not stuck as 'applying'");
    }
}

package org.opensbc.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallSnapshotTest {

    @Test
    void aCallInEveryStateRoundTripsThroughItsRecord() throws IOException {
        ForkState busy = ForkState.started(true).withProvisional().asFinished();
        ForkState waiting = ForkState.started(false).withCancelPending(true);
        ForkState abandoned = ForkState.started(true).asAbandoned().asFinished();
        for (CallState state : CallState.values()) {
            CallSnapshot call = new CallSnapshot(state, 486, 1, List.of(busy, waiting, abandoned));
            assertEquals(call, CallSnapshot.fromBytes(call.toBytes()), state.name());
        }
        assertEquals(CallSnapshot.ringing(), CallSnapshot.fromBytes(CallSnapshot.ringing().toBytes()));
        assertEquals(CallSnapshot.joined(), CallSnapshot.fromBytes(CallSnapshot.joined().toBytes()));
    }

    @Test
    void theRecordIsCompact() {
        CallSnapshot call = new CallSnapshot(CallState.CONFIRMED, 0, 0, List.of(ForkState.started(false).asFinished()));
        assertEquals(7, call.toBytes().length, "version, state, best failure (2), callee, count, one byte per fork");
    }

    @Test
    void aStateReachedByEventsRoundTrips() throws IOException {
        CallSnapshot call = CallSnapshot.ringing();
        call = CallMachine.apply(call, new CallEvent.ForkStarted(false)).next();
        call = CallMachine.apply(call, new CallEvent.ForkStarted(false)).next();
        call = CallMachine.apply(call, new CallEvent.ForkProvisional(1)).next();
        call = CallMachine.apply(call, new CallEvent.ForkAnswered(1)).next();
        CallSnapshot restored = CallSnapshot.fromBytes(call.toBytes());
        assertEquals(call, restored);
        assertEquals(CallMachine.apply(call, new CallEvent.CallerAcked()),
                CallMachine.apply(restored, new CallEvent.CallerAcked()), "a restored call goes on the same way");
    }

    @Test
    void anotherFormatOrCorruptFlagsAreRefused() {
        byte[] record = CallSnapshot.ringing().toBytes();
        record[0] = 9;
        assertThrows(IOException.class, () -> CallSnapshot.fromBytes(record));
        byte[] flags = new CallSnapshot(CallState.RINGING, 0, -1, List.of(ForkState.started(false))).toBytes();
        flags[flags.length - 1] = (byte) 0xff;
        assertThrows(IOException.class, () -> CallSnapshot.fromBytes(flags));
        assertThrows(IOException.class, () -> CallSnapshot.fromBytes(new byte[] {1, 0}));
    }

    @Test
    void aCalleeOutsideTheForksIsNoCall() {
        assertThrows(IllegalArgumentException.class, () -> new CallSnapshot(CallState.ANSWERED, 0, 2, List.of()));
    }
}

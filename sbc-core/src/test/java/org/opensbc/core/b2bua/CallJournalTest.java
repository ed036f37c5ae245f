package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.core.call.CallSnapshot;
import org.opensbc.core.call.StoredCall;
import org.opensbc.core.call.StoredLeg;
import org.opensbc.state.MemoryStateStore;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;

/** What a restart reads back of the calls its last run left, and what it removes. */
class CallJournalTest {

    private static final StoredLeg LEG = new StoredLeg("c1", "l", "r", "<sip:a@example.com>", "<sip:b@example.com>",
            "sip:b@192.0.2.4", List.of(), 1, "UDP:192.0.2.4:5060");

    private final MemoryStateStore store = new MemoryStateStore("node-a");
    private final CallJournal journal = new CallJournal(store, Clock.systemUTC());

    private void put(String node, String key, byte[] value) {
        store.submit(new StateChange.Put(new StateRecord(new StateKey(Space.CALL, node, key), value, 0)));
    }

    private static StoredCall call(long id) {
        return new StoredCall(id, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "alice@example.com", "bob@example.com",
                null, CallSnapshot.joined(), LEG, LEG);
    }

    @Test
    void onlyThisNodesReadableCallsAreLeftBehindAndAnUnreadableOneIsDropped() throws Exception {
        put("node-a", "7", call(7).toBytes());
        put("node-b", "8", call(8).toBytes());
        put("node-a", "9", new byte[] {1, 2, 3});

        List<StoredCall> left = journal.leftBehind();

        assertEquals(List.of(call(7)), left);
        assertEquals(List.of("7", "8"), store.load(Space.CALL).stream().map(r -> r.id().key()).sorted().toList(),
                "the unreadable record is removed; the other node's stays");
    }

    @Test
    void aRecoveredCallsRecordGoes() throws Exception {
        put("node-a", "7", call(7).toBytes());

        journal.recovered(call(7));

        assertTrue(store.load(Space.CALL).isEmpty());
    }
}

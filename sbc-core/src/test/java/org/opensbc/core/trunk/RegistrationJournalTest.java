package org.opensbc.core.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.MemoryStateStore;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStores;

/** Trunk registrations written to a store as they change, and read back by the next run. */
class RegistrationJournalTest {

    private static final StoredRegistration.Settings SETTINGS = new StoredRegistration.Settings(
            "sip:carrier.example:5060;transport=udp", "acct123", "sip:acct123@192.0.2.1:5060", 600);
    private static final long LAPSES = System.currentTimeMillis() + 600_000;

    private final StateStore store = new MemoryStateStore("node-a");

    /** Through the embedded store: a real SQLite file, closed by one run and opened by the next. */
    @Test
    void whatIsRecordedIsReadBackByTheNextRun(@TempDir Path dataDir) throws Exception {
        StoredRegistration stored = registration(3);
        try (StateStore first = StateStores.open(StateStores.Kind.EMBEDDED, dataDir, null, null, "node-a")) {
            new RegistrationJournal(first).record("carrier", stored);
        }
        try (StateStore next = StateStores.open(StateStores.Kind.EMBEDDED, dataDir, null, null, "node-a")) {
            StateRecord record = next.load(Space.TRUNK_REGISTRATION).get(0);
            assertEquals(RegistrationJournal.key("node-a", "carrier"), record.id());
            assertEquals(LAPSES, record.expiresAtMillis(), "the record lapses with the registration");
            assertEquals(Map.of("carrier", stored), new RegistrationJournal(next).load(Set.of("carrier")));
        }
    }

    @Test
    void anotherNodesRegistrationIsNeitherTakenOverNorRemoved() throws Exception {
        store.submit(new StateChange.Put(new StateRecord(RegistrationJournal.key("node-b", "carrier"),
                registration(3).toBytes(), LAPSES)));
        assertEquals(Map.of(), new RegistrationJournal(store).load(Set.of("carrier")));
        assertEquals(1, store.load(Space.TRUNK_REGISTRATION).size(), "node B's record stays");
    }

    @Test
    void onlyChangesAreWritten() throws Exception {
        RegistrationJournal journal = new RegistrationJournal(store);
        journal.record("carrier", null);
        assertEquals(0, store.health().written(), "nothing stood, nothing stands");
        journal.record("carrier", registration(3));
        journal.record("carrier", registration(3));
        assertEquals(1, store.health().written(), "the same registration again");
        journal.record("carrier", registration(4));
        assertEquals(2, store.health().written(), "a new CSeq");
        journal.record("carrier", null);
        journal.record("carrier", null);
        assertEquals(3, store.health().written(), "gone, once");
        assertTrue(store.load(Space.TRUNK_REGISTRATION).isEmpty());
    }

    /** A run that reads a registration back and then drops it (not taken over) removes its record. */
    @Test
    void aRecordReadBackAndNotTakenOverIsRemoved() throws Exception {
        new RegistrationJournal(store).record("carrier", registration(3));
        RegistrationJournal next = new RegistrationJournal(store);
        next.load(Set.of("carrier"));
        next.record("carrier", null);
        assertTrue(store.load(Space.TRUNK_REGISTRATION).isEmpty());
    }

    @Test
    void recordsOfTrunksThatRegisterNoMoreAndUnreadableOnesAreRemovedAtLoad() throws Exception {
        RegistrationJournal before = new RegistrationJournal(store);
        before.record("carrier", registration(3));
        before.record("gone", registration(5));
        store.submit(new StateChange.Put(new StateRecord(RegistrationJournal.key("node-a", "garbled"), new byte[] {9, 9}, LAPSES)));

        Map<String, StoredRegistration> kept = new RegistrationJournal(store).load(Set.of("carrier", "garbled"));
        assertEquals(Set.of("carrier"), kept.keySet());
        assertEquals(List.of(RegistrationJournal.key("node-a", "carrier")),
                store.load(Space.TRUNK_REGISTRATION).stream().map(StateRecord::id).toList());
    }

    private static StoredRegistration registration(long cseq) {
        return new StoredRegistration(SETTINGS, "call-1", "tag-1", cseq, new RegistrationLease(600, LAPSES));
    }
}

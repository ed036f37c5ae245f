package org.opensbc.core.trunk;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each trunk's registration in the state store (space TRUNK_REGISTRATION, group: this node's
 * id, key: the trunk's name; each node of a cluster registers with its own Contact) as it changes, and reads them back at start. A record is written only when
 * what stands changed (a grant, a CSeq sent, the registration gone); the store writes behind.
 * Thread-safe: changes to one trunk are queued in the order they are recorded.
 */
public final class RegistrationJournal {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationJournal.class);

    private final StateStore store;
    /** What the store holds per trunk, as far as this run knows (read at start, then written). */
    private final Map<String, StoredRegistration> held = new ConcurrentHashMap<>();

    public RegistrationJournal(StateStore store) {
        this.store = store;
    }

    /**
     * At start (blocks): the registrations the previous run kept, by trunk name. Records of trunks
     * that register no more, and unreadable ones, are removed.
     *
     * @param registering the names of the trunks that register now
     */
    public Map<String, StoredRegistration> load(Set<String> registering) throws StateStoreException {
        Map<String, StoredRegistration> kept = new HashMap<>();
        for (StateRecord r : store.load(Space.TRUNK_REGISTRATION)) {
            if (!store.nodeId().equals(r.id().group())) {
                continue; // another node's
            }
            String trunk = r.id().key();
            StoredRegistration stored = decode(r);
            if (stored != null && registering.contains(trunk)) {
                kept.put(trunk, stored);
                held.put(trunk, stored);
            } else {
                store.submit(new StateChange.Remove(r.id()));
            }
        }
        return kept;
    }

    /** {@code trunk}'s registration is now {@code now} (null: none stands): written when that changed. */
    public void record(String trunk, StoredRegistration now) {
        held.compute(trunk, (name, before) -> {
            if (Objects.equals(before, now)) {
                return before;
            }
            StateKey key = key(store.nodeId(), name);
            boolean queued = store.submit(now == null ? new StateChange.Remove(key)
                    : new StateChange.Put(new StateRecord(key, now.toBytes(), now.lease().expiresAtMillis())));
            if (!queued) {
                // the store is far behind or down: the next change of this trunk tries again
                LOG.warn("trunk {}: registration not stored (the state store's queue is full)", name);
                return before;
            }
            return now;
        });
    }

    static StateKey key(String node, String trunk) {
        return new StateKey(Space.TRUNK_REGISTRATION, node, trunk);
    }

    private static StoredRegistration decode(StateRecord record) {
        try {
            return StoredRegistration.fromBytes(record.value());
        } catch (IOException e) {
            LOG.warn("stored registration of trunk {} unreadable, dropped: {}", record.id().key(), e.getMessage());
            return null;
        }
    }
}

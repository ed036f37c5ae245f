package org.opensbc.core.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.BindingCodec;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;

/**
 * Writes the registrar's changes to the state store: each binding that is new or changed is put,
 * each one that went is removed. Runs inside the AOR's update, so an AOR's changes are queued in
 * the order they were made; the store writes them behind, off the SIP thread.
 */
public final class BindingJournal implements LocationService.Journal {

    private final StateStore store;

    public BindingJournal(StateStore store) {
        this.store = store;
    }

    @Override
    public boolean changed(String aor, List<Binding> before, List<Binding> after) {
        Map<String, Binding> gone = new HashMap<>();
        for (Binding b : before) {
            gone.put(b.key(), b);
        }
        boolean kept = true;
        for (Binding b : after) {
            Binding old = gone.remove(b.key());
            if (old != b) { // new or changed: records are replaced whole, never mutated
                kept &= store.submit(new StateChange.Put(new StateRecord(key(aor, b.key()), BindingCodec.encode(b),
                        b.expiresAtMillis())));
            }
        }
        for (String key : gone.keySet()) {
            kept &= store.submit(new StateChange.Remove(key(aor, key)));
        }
        return kept;
    }

    static StateKey key(String aor, String bindingKey) {
        return new StateKey(Space.BINDING, aor, bindingKey);
    }
}

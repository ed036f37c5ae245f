package org.opensbc.core.state;

import java.time.Clock;
import org.opensbc.core.auth.BanListener;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;

/** Keeps each ban in the state store until it ends: it holds after a restart and on every node. */
final class BanJournal implements BanListener {

    /** The group of bans for failed digest authentication. */
    static final String AUTH = "auth";
    /** The group of bans for going over the request rate. */
    static final String RATE = "rate";
    private static final byte[] NO_VALUE = new byte[0];

    private final StateStore store;
    private final Clock clock;
    private final String kind;

    BanJournal(StateStore store, Clock clock, String kind) {
        this.store = store;
        this.clock = clock;
        this.kind = kind;
    }

    @Override
    public void banned(String source, long durationMillis) {
        // a ban that cannot be queued still holds here; only its survival is lost
        store.submit(new StateChange.Put(new StateRecord(new StateKey(Space.BAN, kind, source), NO_VALUE,
                clock.millis() + durationMillis)));
    }
}

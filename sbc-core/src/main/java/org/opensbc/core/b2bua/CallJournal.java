package org.opensbc.core.b2bua;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.opensbc.core.call.StoredCall;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a record of each answered call in the state store (space CALL, group: this node's id,
 * key: the call's id), so that a restart after a crash can end the calls its predecessor left:
 * written when the call is answered, rewritten when a dialog moves on (a request the gateway
 * sent raised its CSeq, an ACK followed a target refresh, a transfer joined two dialogs),
 * removed when the call ends. A ringing call has no record: its INVITE transactions die with the
 * process, and the caller's own transaction times out. Writes are queued (never block); a record
 * that cannot be queued only loses the call's survival of a crash.
 */
final class CallJournal {

    private static final Logger LOG = LoggerFactory.getLogger(CallJournal.class);

    private final StateStore store;
    private final Clock clock;

    CallJournal(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A fork answered, or a transfer made a call of two dialogs already up: its first record. */
    void answered(Call call) {
        synchronized (call) {
            if (call.isUp() && write(call)) {
                call.markRecorded();
            }
        }
    }

    /** One of the call's dialogs moved on: the record follows (calls without one are left alone). */
    void changed(Call call) {
        synchronized (call) {
            if (call.isRecorded() && call.isUp()) {
                write(call);
            }
        }
    }

    /** The call ended (caller holds its monitor): its record goes. */
    void ended(Call call) {
        if (call.isRecorded()) {
            call.markUnrecorded();
            store.submit(new StateChange.Remove(key(call.id)));
        }
    }

    /** This node's records at start: the calls its previous run left when it died. */
    List<StoredCall> leftBehind() throws StateStoreException {
        List<StoredCall> left = new ArrayList<>();
        for (StateRecord record : store.load(Space.CALL)) {
            if (!store.nodeId().equals(record.id().group())) {
                continue; // another node's call: that node ends it
            }
            try {
                left.add(StoredCall.fromBytes(record.value()));
            } catch (IOException e) {
                LOG.warn("stored call {} unreadable, dropped: {}", record.id().key(), e.getMessage());
                store.submit(new StateChange.Remove(record.id()));
            }
        }
        return left;
    }

    /** A call the previous run left has been ended: its record goes. */
    void recovered(StoredCall call) {
        store.submit(new StateChange.Remove(key(call.id())));
    }

    private boolean write(Call call) {
        try {
            StoredCall stored = call.stored(clock.instant());
            return store.submit(new StateChange.Put(new StateRecord(key(call.id), stored.toBytes(), 0)));
        } catch (IllegalStateException | UncheckedIOException e) {
            LOG.info("{} not recorded (a crash would leave it unended): {}", call, e.getMessage());
            return false;
        }
    }

    private StateKey key(long callId) {
        return new StateKey(Space.CALL, store.nodeId(), Long.toString(callId));
    }
}

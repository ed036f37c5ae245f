package org.opensbc.state.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;

/**
 * Changes the writer sends together, plus the {@code whenWritten} callbacks waiting on them.
 * A later change to a key replaces the earlier one (only the last state of a key is written; a
 * batch is written as a whole, so nothing observable is lost). Confined to the writer thread.
 */
final class Batch {

    private final Map<StateKey, StateChange> changes = new LinkedHashMap<>();
    private final List<Runnable> callbacks = new ArrayList<>();
    private int accepted;
    private long oldestNanos;

    void add(WriteQueue.Entry entry) {
        if (entry.callback() != null) {
            callbacks.add(entry.callback());
            return;
        }
        if (accepted == 0) {
            oldestNanos = entry.atNanos();
        }
        accepted++;
        StateChange change = entry.change();
        changes.remove(change.id()); // the key moves to its latest position
        changes.put(change.id(), change);
    }

    Collection<StateChange> changes() {
        return changes.values();
    }

    /** Changes taken from the queue into this batch, superseded ones included. */
    int accepted() {
        return accepted;
    }

    int size() {
        return changes.size();
    }

    long oldestNanos() {
        return oldestNanos;
    }

    boolean isEmpty() {
        return accepted == 0 && callbacks.isEmpty();
    }

    /** Hands the callbacks out (once) to be run. */
    List<Runnable> takeCallbacks() {
        List<Runnable> out = new ArrayList<>(callbacks);
        callbacks.clear();
        return out;
    }
}

package org.opensbc.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A store in this process's memory: nothing survives it. For tests, and for a gateway configured
 * with {@code state.store: memory}. Changes are "written" as they are submitted.
 */
public final class MemoryStateStore implements StateStore {

    private final String nodeId;
    private final Map<StateKey, StateRecord> records = new ConcurrentHashMap<>();
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final LocalCounters counters = new LocalCounters();
    private final AtomicLong written = new AtomicLong();
    private final SingleNode membership;

    public MemoryStateStore(String nodeId) {
        this.nodeId = nodeId;
        this.membership = new SingleNode(nodeId);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public List<StateRecord> load(Space space) {
        long now = System.currentTimeMillis();
        List<StateRecord> out = new ArrayList<>();
        for (StateRecord r : records.values()) {
            if (r.id().space() == space && !r.expiredAt(now)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public boolean submit(StateChange change) {
        if (change instanceof StateChange.Put put) {
            records.put(put.id(), put.record());
        } else {
            records.remove(change.id());
        }
        written.incrementAndGet();
        return true;
    }

    @Override
    public void whenWritten(Runnable then) {
        then.run();
    }

    /** Set by {@link #subscribe}; nobody else changes anything unless a test says so. */
    private volatile Consumer<StateChange> remote = change -> { };

    private volatile Consumer<Space> resynced = space -> { };

    @Override
    public void subscribe(Consumer<StateChange> remoteChange, Consumer<Space> resynced) {
        this.remote = remoteChange;
        this.resynced = resynced;
    }

    /** Loses every record, then says each space must be read again: a Redis that came back empty (for tests). */
    public void comeBackEmpty() {
        records.clear();
        for (Space space : Space.values()) {
            resynced.accept(space);
        }
    }

    /** Stores a change as if another node made it, and tells the subscriber (for tests). */
    public void changedElsewhere(StateChange change) {
        submit(change);
        remote.accept(change);
    }

    @Override
    public byte[] sharedSecret(String name, int length) {
        return secrets.computeIfAbsent(name, n -> Secrets.random(length)).clone();
    }

    @Override
    public long addToCounter(String name, long delta) {
        return counters.add(name, delta);
    }

    @Override
    public Membership membership() {
        return membership;
    }

    @Override
    public StoreHealth health() {
        return new StoreHealth(true, 0, 0, written.get(), 0, 0);
    }

    @Override
    public void close() {
        // nothing to write
    }
}

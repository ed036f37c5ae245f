package org.opensbc.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of a store no other node shares: this node's count is the whole count. Thread-safe. */
public final class LocalCounters {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    /** Adds {@code delta} and returns the new count. */
    public long add(String name, long delta) {
        return counters.computeIfAbsent(name, n -> new AtomicLong()).addAndGet(delta);
    }
}

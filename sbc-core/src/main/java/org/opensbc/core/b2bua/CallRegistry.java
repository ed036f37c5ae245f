package org.opensbc.core.b2bua;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls in progress and the indexes the signalling path needs to find them: a caller's
 * INVITE (for its CANCEL), Call-IDs the gateway made (loop detection) and WebSocket flows (to end
 * the calls of a browser whose connection dropped). Thread-safe.
 */
final class CallRegistry {

    private final AtomicLong ids = new AtomicLong();
    private final Set<Call> active = ConcurrentHashMap.newKeySet();
    /** Caller Call-ID + top Via branch of INVITEs not yet answered finally. */
    private final Map<String, Call> ringingByInvite = new ConcurrentHashMap<>();
    private final Map<String, Call> byOwnCallId = new ConcurrentHashMap<>();
    private final Map<String, Set<Call>> byFlow = new ConcurrentHashMap<>();
    private final AtomicInteger legs = new AtomicInteger();

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(Call call, String inviteKey) {
        active.add(call);
        ringingByInvite.put(inviteKey, call);
        legAdded(call.caller);
    }

    void legAdded(CallLeg leg) {
        legs.incrementAndGet();
        if (!leg.isCaller()) {
            byOwnCallId.put(leg.callId(), leg.call);
        }
        if (leg.hop.isWebSocket()) {
            byFlow.computeIfAbsent(leg.hop.key(), k -> ConcurrentHashMap.newKeySet()).add(leg.call);
        }
    }

    /** A leg's dialog is over (failed fork, or the call ended). Idempotent; caller holds the call's monitor. */
    void legReleased(CallLeg leg) {
        if (leg.released) {
            return;
        }
        leg.released = true;
        legs.decrementAndGet();
        if (!leg.isCaller()) {
            byOwnCallId.remove(leg.callId());
        }
        if (leg.hop.isWebSocket()) {
            byFlow.computeIfPresent(leg.hop.key(), (k, calls) -> {
                calls.remove(leg.call);
                return calls.isEmpty() ? null : calls;
            });
        }
    }

    Call ringing(String inviteKey) {
        return ringingByInvite.get(inviteKey);
    }

    void answeredOrFailed(String inviteKey) {
        ringingByInvite.remove(inviteKey);
    }

    void remove(Call call) {
        active.remove(call);
    }

    boolean isOwnCallId(String callId) {
        return byOwnCallId.containsKey(callId);
    }

    List<Call> onFlow(String flowKey) {
        Set<Call> calls = byFlow.get(flowKey);
        return calls == null ? List.of() : List.copyOf(calls);
    }

    int activeCalls() {
        return active.size();
    }

    int activeLegs() {
        return legs.get();
    }

    List<Call> snapshot() {
        return List.copyOf(active);
    }
}

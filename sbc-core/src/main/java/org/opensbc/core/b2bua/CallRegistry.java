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
    /** Caller INVITE identities (Call-ID, From tag, CSeq) of live calls: a copy is a retransmission. */
    private final Set<String> callerInvites = ConcurrentHashMap.newKeySet();
    /** Shutting down: new calls are refused with 503 while the ones in progress finish. */
    private volatile boolean draining;

    void startDraining() {
        draining = true;
    }

    boolean isDraining() {
        return draining;
    }

    /** Ids go on after {@code last}: a new call never takes the id of a record the last run left. */
    void continueIdsAfter(long last) {
        ids.accumulateAndGet(last, Math::max);
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Claims a caller's INVITE for a new call. False when a call for that very INVITE exists or is
     * being set up: a retransmission that reached the listener because the stack had no
     * transaction for it yet (two workers, one INVITE and its copy) must not become a second call.
     */
    boolean claim(String callerInvite) {
        return callerInvites.add(callerInvite);
    }

    /** Gives up a claim whose call was never created. */
    void unclaim(String callerInvite) {
        callerInvites.remove(callerInvite);
    }

    void add(Call call, String inviteKey) {
        active.add(call);
        ringingByInvite.put(inviteKey, call);
        legAdded(call.caller);
    }

    /** A call a transfer made of existing dialogs: answered already, never ringing. */
    void addJoined(Call call) {
        active.add(call);
        legAdded(call.caller);
        if (call.callee() != null) {
            legAdded(call.callee());
        }
    }

    /** A leg whose Call-ID the gateway made, whatever its role in its call (loop detection). */
    void ownCallId(CallLeg leg) {
        byOwnCallId.put(leg.callId(), leg.call);
    }

    void legAdded(CallLeg leg) {
        legs.incrementAndGet();
        if (!leg.isCaller()) {
            byOwnCallId.put(leg.callId(), leg.call);
        }
        if (leg.hop().isWebSocket()) {
            byFlow.computeIfAbsent(leg.hop().key(), k -> ConcurrentHashMap.newKeySet()).add(leg.call);
        }
    }

    /** A leg's dialog is over (failed fork, or the call ended). Idempotent; caller holds the call's monitor. */
    void legReleased(CallLeg leg) {
        if (!leg.markReleased()) {
            return;
        }
        legs.decrementAndGet();
        if (leg.trunk() != null) {
            leg.trunk().release();
        }
        if (!leg.isCaller()) {
            byOwnCallId.remove(leg.callId());
        }
        if (leg.hop().isWebSocket()) {
            byFlow.computeIfPresent(leg.hop().key(), (k, calls) -> {
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
        callerInvites.remove(callerInvite(call.caller.invite()));
    }

    /** Call-ID, From tag and CSeq of a caller's INVITE: what its retransmissions share. */
    static String callerInvite(javax.sip.message.Request invite) {
        return ((javax.sip.header.CallIdHeader) invite.getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId() + "|"
                + ((javax.sip.header.FromHeader) invite.getHeader(javax.sip.header.FromHeader.NAME)).getTag() + "|"
                + ((javax.sip.header.CSeqHeader) invite.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
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

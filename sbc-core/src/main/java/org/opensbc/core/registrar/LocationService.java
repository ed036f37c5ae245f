package org.opensbc.core.registrar;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensbc.core.config.GatewayConfig.Registrar;

/**
 * The registrar's bindings (RFC 3261 section 10.3): add, refresh and remove contacts per AOR,
 * expire them, and drop the ones owned by a WebSocket flow when it closes. REGISTERs are answered
 * without a server transaction, so a retransmission (same Call-ID, CSeq and Via branch) is
 * recognised here and answered with the bindings as they are, instead of failing as out of order.
 * Thread-safe: each AOR's list is replaced atomically under {@link Map#compute}.
 *
 * <p>Every change a REGISTER or a closed flow makes is told to the {@link Journal} (the state
 * store); bindings read back at start or changed by another node come in through
 * {@link #restore} and {@link #forget}, which tell nobody. Lapsed bindings are dropped here
 * and in the store each by itself.
 */
public final class LocationService {

    /** Told of each AOR's change, inside the AOR's update (so changes to one AOR reach it in order). */
    @FunctionalInterface
    public interface Journal {
        Journal NONE = (aor, before, after) -> true;

        /**
         * @param before the bindings before (empty: none); @param after after (empty: none left)
         * @return false when the change cannot be kept: a REGISTER is then refused (503), a
         *         closed flow's bindings go anyway
         */
        boolean changed(String aor, List<Binding> before, List<Binding> after);
    }

    /** Seconds a REGISTER refused because the store cannot keep it is told to wait. */
    static final int STORE_RETRY_AFTER_SECONDS = 30;

    private final Clock clock;
    private final Registrar limits;
    /** The node whose REGISTERs this location service takes (new bindings carry it). */
    private final String nodeId;
    private final Journal journal;
    /** Bindings per AOR; a list is never mutated once stored. */
    private final Map<String, List<Binding>> byAor = new ConcurrentHashMap<>();
    /** AORs with a binding owned by a flow, to drop them when the flow closes. */
    private final Map<String, Set<String>> aorsByFlow = new ConcurrentHashMap<>();
    private final AtomicInteger bindingCount = new AtomicInteger();

    public LocationService(Clock clock, Registrar limits) {
        this(clock, limits, "local", Journal.NONE);
    }

    public LocationService(Clock clock, Registrar limits, String nodeId, Journal journal) {
        this.clock = clock;
        this.limits = limits;
        this.nodeId = nodeId;
        this.journal = journal;
    }

    public RegisterOutcome register(RegisterRequest request) {
        if (request.wildcard()) {
            return removeAll(request);
        }
        long now = clock.millis();
        for (ContactSpec c : request.contacts()) {
            int expires = expiresOf(c, request);
            if (expires != 0 && expires < limits.minExpires()) {
                return new RegisterOutcome.IntervalTooBrief(limits.minExpires());
            }
        }
        RegisterOutcome[] outcome = new RegisterOutcome[1];
        int branchHash = request.branch() == null ? 0 : request.branch().hashCode();
        byAor.compute(request.aor(), (aor, old) -> {
            if (old != null && isRetransmission(old, request, branchHash)) {
                outcome[0] = new RegisterOutcome.Accepted(old);
                return old;
            }
            List<Binding> next = new ArrayList<>(old == null ? List.of() : old);
            next.removeIf(b -> b.expiresAtMillis() <= now);
            for (ContactSpec c : request.contacts()) {
                Binding existing = find(next, c.bindingKey());
                if (existing != null && existing.callId().equals(request.callId()) && request.cseq() <= existing.cseq()) {
                    outcome[0] = new RegisterOutcome.Refused(500, "Out of order REGISTER");
                    return old;
                }
                if (existing != null) {
                    next.remove(existing);
                }
                int expires = Math.min(expiresOf(c, request), limits.maxExpires());
                if (expires > 0) {
                    next.add(new Binding(c.bindingKey(), c.header(), c.uri(), c.instance(), c.regId(),
                            request.callId(), request.cseq(), now + expires * 1000L,
                            request.route(), request.flow(), request.natReason(), branchHash, now, nodeId, false));
                }
            }
            if (next.size() > limits.maxContactsPerUser()) {
                outcome[0] = new RegisterOutcome.Refused(403, "Too many contacts");
                return old;
            }
            if (!journal.changed(aor, old == null ? List.of() : old, next)) {
                outcome[0] = new RegisterOutcome.Unavailable(STORE_RETRY_AFTER_SECONDS);
                return old;
            }
            outcome[0] = new RegisterOutcome.Accepted(List.copyOf(next));
            adjustCount(old, next);
            indexFlows(aor, next);
            return next.isEmpty() ? null : List.copyOf(next);
        });
        return outcome[0];
    }

    private static boolean isRetransmission(List<Binding> bindings, RegisterRequest request, int branchHash) {
        for (Binding b : bindings) {
            if (b.cseq() == request.cseq() && b.branchHash() == branchHash && b.callId().equals(request.callId())) {
                return true;
            }
        }
        return false;
    }

    private RegisterOutcome removeAll(RegisterRequest request) {
        if (request.expiresHeader() != 0 || request.contacts().size() > 0) {
            return new RegisterOutcome.Refused(400, "Contact * needs Expires: 0 and no other Contact");
        }
        RegisterOutcome[] outcome = new RegisterOutcome[1];
        byAor.compute(request.aor(), (aor, old) -> {
            if (old == null) {
                outcome[0] = new RegisterOutcome.Accepted(List.of());
                return null;
            }
            List<Binding> kept = new ArrayList<>();
            for (Binding b : old) {
                if (b.callId().equals(request.callId()) && request.cseq() <= b.cseq()) {
                    kept.add(b); // RFC 3261 10.3 step 6: an older request does not remove it
                }
            }
            if (!journal.changed(aor, old, kept)) {
                outcome[0] = new RegisterOutcome.Unavailable(STORE_RETRY_AFTER_SECONDS);
                return old;
            }
            adjustCount(old, kept);
            outcome[0] = new RegisterOutcome.Accepted(List.copyOf(kept));
            return kept.isEmpty() ? null : List.copyOf(kept);
        });
        return outcome[0];
    }

    private int expiresOf(ContactSpec c, RegisterRequest r) {
        if (c.expires() >= 0) {
            return c.expires();
        }
        return r.expiresHeader() >= 0 ? r.expiresHeader() : limits.defaultExpires();
    }

    private static Binding find(List<Binding> bindings, String key) {
        for (Binding b : bindings) {
            if (b.key().equals(key)) {
                return b;
            }
        }
        return null;
    }

    private void adjustCount(List<Binding> old, List<Binding> next) {
        bindingCount.addAndGet(next.size() - (old == null ? 0 : old.size()));
    }

    private void indexFlows(String aor, List<Binding> bindings) {
        for (Binding b : bindings) {
            if (b.flow() != null) {
                aorsByFlow.computeIfAbsent(b.flow(), f -> ConcurrentHashMap.newKeySet()).add(aor);
            }
        }
    }

    /** Current (unexpired) bindings of an AOR. */
    public List<Binding> lookup(String aor) {
        List<Binding> bindings = byAor.get(aor);
        if (bindings == null) {
            return List.of();
        }
        long now = clock.millis();
        return bindings.stream().filter(b -> b.expiresAtMillis() > now).toList();
    }

    /** Removes every binding owned by the flow; returns how many went. */
    public int removeFlow(String flow) {
        Set<String> aors = aorsByFlow.remove(flow);
        if (aors == null) {
            return 0;
        }
        int[] removed = {0};
        for (String aor : aors) {
            byAor.computeIfPresent(aor, (k, old) -> {
                // another node's flow may be spelled the same: only this node's connections close here
                List<Binding> kept = old.stream().filter(b -> !(flow.equals(b.flow()) && nodeId.equals(b.node())))
                        .toList();
                if (kept.size() == old.size()) {
                    return old;
                }
                removed[0] += old.size() - kept.size();
                adjustCount(old, kept);
                journal.changed(k, old, kept);
                return kept.isEmpty() ? null : kept;
            });
        }
        return removed[0];
    }

    /**
     * Puts a binding read from the store or made by another node, replacing the one with its key;
     * the journal is not told (it is where the binding came from). A lapsed one is ignored.
     */
    public void restore(String aor, Binding binding) {
        if (binding.expiresAtMillis() <= clock.millis()) {
            return;
        }
        byAor.compute(aor, (k, old) -> {
            List<Binding> next = new ArrayList<>(old == null ? List.of() : old);
            Binding existing = find(next, binding.key());
            if (existing != null) {
                next.remove(existing);
            }
            next.add(binding);
            adjustCount(old, next);
            indexFlows(aor, List.of(binding));
            return List.copyOf(next);
        });
    }

    /** Removes one binding another node removed; the journal is not told. */
    public void forget(String aor, String key) {
        byAor.computeIfPresent(aor, (k, old) -> {
            List<Binding> kept = old.stream().filter(b -> !b.key().equals(key)).toList();
            adjustCount(old, kept);
            return kept.isEmpty() ? null : kept;
        });
    }

    /** The node new bindings belong to. */
    public String nodeId() {
        return nodeId;
    }

    /** Drops lapsed bindings; call periodically. */
    public void purgeExpired() {
        long now = clock.millis();
        for (String aor : byAor.keySet()) {
            byAor.computeIfPresent(aor, (k, old) -> {
                if (old.stream().noneMatch(b -> b.expiresAtMillis() <= now)) {
                    return old;
                }
                List<Binding> kept = old.stream().filter(b -> b.expiresAtMillis() > now).toList();
                adjustCount(old, kept);
                return kept.isEmpty() ? null : kept;
            });
        }
        aorsByFlow.entrySet().removeIf(e -> e.getValue().stream().noneMatch(byAor::containsKey));
    }

    /** Visits every current binding with its AOR (admin listing, NAT keepalives). */
    public void forEach(java.util.function.BiConsumer<String, Binding> visitor) {
        long now = clock.millis();
        byAor.forEach((aor, bindings) -> bindings.stream()
                .filter(b -> b.expiresAtMillis() > now)
                .forEach(b -> visitor.accept(aor, b)));
    }

    public int bindingCount() {
        return bindingCount.get();
    }

    public int aorCount() {
        return byAor.size();
    }
}

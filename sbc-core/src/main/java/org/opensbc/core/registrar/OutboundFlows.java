package org.opensbc.core.registrar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 5626 section 5.3: a UA instance that registered several flows (one per reg-id, e.g. two
 * connections, or a reconnection that has not replaced the old flow yet) is reached over one of
 * them, the most recently registered; the others are its spares. A flow that dies takes its
 * binding with it (WebSocket) or lapses, and the next request uses the spare: that is the
 * failover. Contacts without an instance and reg-id are all called, as RFC 3261 forks.
 */
public final class OutboundFlows {

    private OutboundFlows() {
    }

    public static List<Binding> onePerInstance(List<Binding> bindings) {
        Map<String, Binding> newestPerInstance = new HashMap<>();
        List<Binding> out = new ArrayList<>(bindings.size());
        for (Binding b : bindings) {
            if (b.instance() == null || b.regId() <= 0) {
                out.add(b);
                continue;
            }
            newestPerInstance.merge(b.instance(), b,
                    (x, y) -> y.registeredAtMillis() > x.registeredAtMillis() ? y : x);
        }
        out.addAll(newestPerInstance.values());
        return out;
    }
}

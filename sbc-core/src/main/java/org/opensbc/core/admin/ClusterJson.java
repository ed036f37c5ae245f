package org.opensbc.core.admin;

import java.util.List;
import java.util.Map;
import org.opensbc.core.json.Json;
import org.opensbc.state.NodeInfo;
import org.opensbc.state.StoreHealth;

/** The admin view of the nodes sharing the state store: who is alive, their load, their bindings. */
public final class ClusterJson {

    /** The listing as the API shows it (the field order is the wire format). */
    record Listing(String self, String store, Store health, List<Node> nodes) {
    }

    /** The store as this node sees it. */
    record Store(boolean reachable, int queued, long lagMillis, long written, long failures, long refused) {
    }

    /**
     * One live node; {@code bindings}: the registrations it took (as this node knows them),
     * {@code heartbeatAgeMillis}: how old its last heartbeat is.
     */
    record Node(String id, String sipAddress, String adminAddress, long startedAtMillis, long heartbeatAgeMillis,
            Map<String, Long> load, long bindings) {
    }

    private ClusterJson() {
    }

    /** @param bindingsByNode this node's count of bindings per owning node */
    public static String render(String self, String store, StoreHealth health, List<NodeInfo> nodes,
            Map<String, Long> bindingsByNode, long nowMillis) {
        List<Node> listed = nodes.stream()
                .sorted(java.util.Comparator.comparing(NodeInfo::id))
                .map(n -> new Node(n.id(), n.sipAddress(), n.adminAddress(), n.startedAtMillis(),
                        Math.max(0, nowMillis - n.heartbeatAtMillis()), n.load(), bindingsByNode.getOrDefault(n.id(), 0L)))
                .toList();
        return Json.line(new Listing(self, store, new Store(health.reachable(), health.queued(), health.lagMillis(),
                health.written(), health.failures(), health.refused()), listed));
    }
}

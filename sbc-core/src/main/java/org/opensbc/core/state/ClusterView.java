package org.opensbc.core.state;

import org.opensbc.core.net.IpLiteral;
import org.opensbc.state.Membership;
import org.opensbc.state.NodeInfo;

/**
 * The other gateway nodes as the call path needs them, answered from the membership's last
 * refresh (no store round trip per request): where a live node takes SIP for the connections it
 * holds, and whether a request comes from one.
 */
public final class ClusterView {

    private final String self;
    private final Membership membership;

    public ClusterView(String self, Membership membership) {
        this.self = self;
        this.membership = membership;
    }

    /** A view of a gateway alone (tests, tools): no other node. */
    public static ClusterView alone(String self) {
        return new ClusterView(self, new org.opensbc.state.SingleNode(self));
    }

    public String self() {
        return self;
    }

    public boolean isSelf(String nodeId) {
        return self.equals(nodeId);
    }

    /** "host:port" where that node takes SIP, or null when it is this node or not alive. */
    public String sipAddressOf(String nodeId) {
        if (nodeId == null || isSelf(nodeId) || !membership.isAlive(nodeId)) {
            return null;
        }
        for (NodeInfo n : membership.nodes()) {
            if (n.id().equals(nodeId)) {
                return n.sipAddress();
            }
        }
        return null;
    }

    /** The live node (not this one) whose SIP address is this source, or null. */
    public String peerAt(String host, int port) {
        String canonical = IpLiteral.canonical(host);
        for (NodeInfo n : membership.nodes()) {
            if (isSelf(n.id()) || n.sipAddress() == null) {
                continue;
            }
            int colon = n.sipAddress().lastIndexOf(':');
            String nodeHost = n.sipAddress().substring(0, colon).replace("[", "").replace("]", "");
            if (IpLiteral.canonical(nodeHost).equals(canonical)
                    && Integer.toString(port).equals(n.sipAddress().substring(colon + 1))) {
                return n.id();
            }
        }
        return null;
    }
}

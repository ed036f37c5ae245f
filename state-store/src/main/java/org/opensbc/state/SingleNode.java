package org.opensbc.state;

import java.util.List;

/** The membership of a store only one node uses: itself, alive while it runs. */
public final class SingleNode implements Membership {

    private final String nodeId;
    private volatile NodeInfo self;

    public SingleNode(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void heartbeat(NodeInfo info) {
        this.self = info;
    }

    @Override
    public List<NodeInfo> nodes() {
        NodeInfo s = self;
        return s == null ? List.of() : List.of(s);
    }

    @Override
    public boolean isAlive(String id) {
        return nodeId.equals(id);
    }
}

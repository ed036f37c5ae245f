package org.opensbc.state;

import java.util.List;

/**
 * The nodes sharing a store, by heartbeat. An embedded store has one member, this node.
 * {@link #isAlive} is answered from memory (it is on the call path); the view is refreshed on
 * each {@link #heartbeat}.
 */
public interface Membership {

    /** A node whose last heartbeat is older than this is dead: its flows are unreachable. */
    long DEAD_AFTER_MILLIS = 10_000;

    /** Publishes this node's heartbeat (expires after {@link #DEAD_AFTER_MILLIS}) and refreshes the view. */
    void heartbeat(NodeInfo self);

    /** Nodes with a live heartbeat, this one included, as of the last refresh. */
    List<NodeInfo> nodes();

    boolean isAlive(String nodeId);
}

package org.opensbc.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opensbc.state.Membership;
import org.opensbc.state.NodeInfo;

class ClusterViewTest {

    /** Nodes a, b (IPv4) and c (IPv6); c has stopped its heartbeat. */
    private final Membership membership = new Membership() {
        @Override
        public void heartbeat(NodeInfo self) {
        }

        @Override
        public List<NodeInfo> nodes() {
            return List.of(node("a", "192.0.2.1:5060"), node("b", "192.0.2.2:5070"));
        }

        @Override
        public boolean isAlive(String id) {
            return Set.of("a", "b").contains(id);
        }
    };
    private final ClusterView view = new ClusterView("a", membership);

    private static NodeInfo node(String id, String sip) {
        return new NodeInfo(id, sip, "127.0.0.1:8181", 0, 0, Map.of());
    }

    @Test
    void anotherLiveNodeIsReachedAtItsSipAddress() {
        assertEquals("192.0.2.2:5070", view.sipAddressOf("b"));
        assertNull(view.sipAddressOf("a"), "this node: delivered here");
        assertNull(view.sipAddressOf("c"), "a dead node: its connections died with it");
        assertNull(view.sipAddressOf(null));
    }

    @Test
    void onlyAnotherNodesSipAddressIsAPeer() {
        assertEquals("b", view.peerAt("192.0.2.2", 5070));
        assertNull(view.peerAt("192.0.2.2", 5071), "another port of that host is not the node");
        assertNull(view.peerAt("192.0.2.1", 5060), "this node is no peer of itself");
    }
}

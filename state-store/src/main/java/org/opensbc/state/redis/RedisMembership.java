package org.opensbc.state.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.opensbc.state.Membership;
import org.opensbc.state.NodeInfo;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.write.Reachability;

/**
 * Nodes by heartbeat: each node SETs {@code node:<id>} with a TTL of
 * {@link Membership#DEAD_AFTER_MILLIS}; a heartbeat also reads the others (SCAN + MGET) and
 * refreshes the counters. A node is alive while its last heartbeat is younger than that limit;
 * while Redis cannot be read the last view is kept (nobody can tell, and the other nodes still
 * take SIP requests).
 */
final class RedisMembership implements Membership {

    private final String nodeId;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisLoader reader;
    private final RedisKeys keys;
    private final RedisCounters counters;
    private final Reachability reachability;
    /** Replaced whole by the heartbeat thread; read by any thread. */
    private volatile Map<String, NodeInfo> view = Map.of();

    RedisMembership(String nodeId, StatefulRedisConnection<byte[], byte[]> connection, RedisLoader reader,
            RedisKeys keys, RedisCounters counters, Reachability reachability) {
        this.nodeId = nodeId;
        this.connection = connection;
        this.reader = reader;
        this.keys = keys;
        this.counters = counters;
        this.reachability = reachability;
    }

    @Override
    public void heartbeat(NodeInfo self) {
        try {
            connection.sync().set(keys.node(self.id()), NodeInfoCodec.encode(self), SetArgs.Builder.px(DEAD_AFTER_MILLIS));
            long now = System.currentTimeMillis();
            Map<String, NodeInfo> fresh = new TreeMap<>();
            fresh.put(self.id(), self);
            List<byte[]> nodeKeys = reader.scan(keys.nodePattern());
            if (!nodeKeys.isEmpty()) {
                for (byte[] stored : reader.values(nodeKeys)) {
                    NodeInfo n = stored == null ? null : NodeInfoCodec.decode(stored);
                    if (n != null && !n.id().equals(self.id()) && now - n.heartbeatAtMillis() < DEAD_AFTER_MILLIS) {
                        fresh.put(n.id(), n);
                    }
                }
            }
            view = Map.copyOf(fresh);
            counters.refresh(fresh.keySet());
            reachability.up();
        } catch (RedisException | StateStoreException e) {
            reachability.down(e);
        }
    }

    @Override
    public List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>();
        for (NodeInfo n : view.values()) {
            if (isAlive(n.id())) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public boolean isAlive(String id) {
        if (nodeId.equals(id)) {
            return true;
        }
        NodeInfo n = view.get(id);
        if (n == null) {
            return false;
        }
        // ages out between heartbeats too, unless Redis is down (then the last view stands)
        return !reachability.isUp() || System.currentTimeMillis() - n.heartbeatAtMillis() < DEAD_AFTER_MILLIS;
    }
}

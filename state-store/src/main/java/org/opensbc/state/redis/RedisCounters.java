package org.opensbc.state.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters summed over nodes (calls per trunk): each node owns one field of the hash
 * {@code count:<name>}, holding its own share. The field is set to the absolute share (HSET, not
 * HINCRBY): a write lost in an outage is repaired by the next one or the next heartbeat, and a
 * restarted node starts from zero instead of inheriting its earlier run's share. Other nodes'
 * shares are read at each heartbeat and count only while their node is alive.
 */
final class RedisCounters {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCounters.class);

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisKeys keys;
    private final byte[] field;
    private final Duration timeout;
    private final Map<String, AtomicLong> own = new ConcurrentHashMap<>();
    private final Map<String, Long> others = new ConcurrentHashMap<>();

    RedisCounters(StatefulRedisConnection<byte[], byte[]> connection, RedisKeys keys, String nodeId, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
        this.keys = keys;
        this.field = RedisKeys.bytes(nodeId);
    }

    /** Never blocks: the share is sent without waiting (in order per counter: sent under its lock). */
    long add(String name, long delta) {
        AtomicLong share = own.computeIfAbsent(name, n -> new AtomicLong());
        long mine;
        synchronized (share) {
            mine = share.addAndGet(delta);
            if (delta != 0) {
                connection.async().hset(keys.counter(name), field, bytes(mine)).exceptionally(e -> {
                    LOG.debug("counter {} not sent (the next heartbeat sends it): {}", name, e.toString());
                    return null;
                });
            }
        }
        return mine + others.getOrDefault(name, 0L);
    }

    /** Rewrites this node's shares and sums the other live nodes' (on the heartbeat's thread). */
    void refresh(Set<String> liveNodes) {
        RedisCommands<byte[], byte[]> redis = connection.sync();
        String self = new String(field, StandardCharsets.UTF_8);
        for (Map.Entry<String, AtomicLong> e : own.entrySet()) {
            byte[] key = keys.counter(e.getKey());
            RedisFuture<Boolean> sent;
            synchronized (e.getValue()) { // only the dispatch: add() must never wait on Redis
                sent = connection.async().hset(key, field, bytes(e.getValue().get()));
            }
            LettuceFutures.awaitOrCancel(sent, timeout.toMillis(), TimeUnit.MILLISECONDS);
            long sum = 0;
            for (Map.Entry<byte[], byte[]> share : redis.hgetall(key).entrySet()) {
                String node = new String(share.getKey(), StandardCharsets.UTF_8);
                if (!node.equals(self) && liveNodes.contains(node)) {
                    sum += Long.parseLong(new String(share.getValue(), StandardCharsets.UTF_8));
                }
            }
            others.put(e.getKey(), sum);
        }
    }

    private static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}

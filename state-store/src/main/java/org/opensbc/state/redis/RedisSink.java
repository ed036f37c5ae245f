package org.opensbc.state.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.ExpireArgs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateRecord;
import org.opensbc.state.write.ChangeSink;

/**
 * Writes each batch as one pipeline on a connection of its own (commands queued, flushed once,
 * then awaited together), ending with the PUBLISH that tells the other nodes. Every command is
 * idempotent, so a batch that failed halfway is simply sent again. Confined to the writer thread.
 */
final class RedisSink implements ChangeSink {

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisKeys keys;
    private final String nodeId;
    private final Duration timeout;
    /** Tells this process's messages from an earlier run's (the sequence starts again at 1). */
    private final long run = new SecureRandom().nextLong();
    private long sequence;

    RedisSink(StatefulRedisConnection<byte[], byte[]> connection, RedisKeys keys, String nodeId, Duration timeout) {
        this.connection = connection;
        this.keys = keys;
        this.nodeId = nodeId;
        this.timeout = timeout;
        connection.setAutoFlushCommands(false);
    }

    @Override
    public void write(Collection<StateChange> changes) throws Exception {
        long now = System.currentTimeMillis();
        RedisAsyncCommands<byte[], byte[]> redis = connection.async();
        List<RedisFuture<?>> sent = new ArrayList<>(changes.size() * 3 + 1);
        for (StateChange change : changes) {
            if (change.id().space() == Space.BINDING) {
                binding(redis, change, now, sent);
            } else {
                record(redis, change, now, sent);
            }
        }
        sequence++;
        sent.add(redis.publish(keys.changes(), ChangeMessage.of(nodeId, run, sequence, changes).encode()));
        connection.flushCommands();
        RedisFuture<?>[] all = sent.toArray(new RedisFuture<?>[0]);
        if (!LettuceFutures.awaitAll(timeout, all)) {
            throw new TimeoutException("Redis did not answer a batch of " + changes.size() + " changes within " + timeout);
        }
        for (RedisFuture<?> f : all) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /** Bindings: one hash per AOR whose TTL is pushed out to its latest binding's expiry. */
    private void binding(RedisAsyncCommands<byte[], byte[]> redis, StateChange change, long now,
            List<RedisFuture<?>> sent) {
        byte[] hash = keys.bindings(change.id().group());
        byte[] field = RedisKeys.bytes(change.id().key());
        if (!(change instanceof StateChange.Put put) || put.record().expiredAt(now)) {
            sent.add(redis.hdel(hash, field));
            return;
        }
        StateRecord r = put.record();
        sent.add(redis.hset(hash, field, StoredValues.binding(r)));
        if (r.expiresAtMillis() == 0) {
            sent.add(redis.persist(hash));
        } else {
            // a new hash has no TTL (which GT reads as infinite): NX gives it one, GT only ever extends it
            sent.add(redis.pexpireat(hash, r.expiresAtMillis(), ExpireArgs.Builder.nx()));
            sent.add(redis.pexpireat(hash, r.expiresAtMillis(), ExpireArgs.Builder.gt()));
        }
    }

    /** The other spaces: one key per record, expiring with it. */
    private void record(RedisAsyncCommands<byte[], byte[]> redis, StateChange change, long now,
            List<RedisFuture<?>> sent) {
        StateRecord r = change instanceof StateChange.Put put ? put.record() : null;
        byte[] key = keys.record(change.id().space(), change.id().group(), change.id().key());
        if (r == null || r.expiredAt(now)) {
            sent.add(redis.del(key));
        } else if (r.expiresAtMillis() == 0) {
            sent.add(redis.set(key, StoredValues.record(r)));
        } else {
            sent.add(redis.set(key, StoredValues.record(r), SetArgs.Builder.pxAt(r.expiresAtMillis())));
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}

package org.opensbc.state.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.opensbc.state.Space;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStoreException;

/**
 * Reads a whole space back with SCAN (never KEYS: the server keeps serving others), a page of
 * keys at a time on a connection of its own (commands are queued and flushed once per page; one
 * caller at a time): a page's binding hashes in one script call, sent with the SCAN of the next
 * page. Expired binding fields are dropped and deleted (unless refreshed meanwhile).
 */
final class RedisLoader {

    private static final int PAGE = 1_000;
    /**
     * A page of binding hashes read in one command: pipelined HGETALLs cost the client a command
     * object (and a future) each, which at 100,000 bindings was most of a restart's load.
     */
    private static final String HGETALL_EACH = "local out = {} for i, k in ipairs(KEYS) do"
            + " out[i] = redis.call('HGETALL', k) end return out";
    /** Deletes an expired field unless another node refreshed it since it was read. */
    private static final String DELETE_IF_UNCHANGED = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then"
            + " return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0";

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisKeys keys;
    private final Duration timeout;

    RedisLoader(StatefulRedisConnection<byte[], byte[]> connection, RedisKeys keys, Duration timeout) {
        this.connection = connection;
        this.keys = keys;
        this.timeout = timeout;
        connection.setAutoFlushCommands(false);
    }

    synchronized List<StateRecord> load(Space space) throws StateStoreException {
        List<StateRecord> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        ScanArgs match = ScanArgs.Builder.matches(keys.pattern(space)).limit(PAGE);
        RedisAsyncCommands<byte[], byte[]> redis = connection.async();
        KeyScanCursor<byte[]> page = flushAndAwait(redis.scan(ScanCursor.INITIAL, match));
        while (true) {
            List<byte[]> pageKeys = page.getKeys();
            RedisFuture<List<Object>> hashes = space == Space.BINDING && !pageKeys.isEmpty()
                    ? redis.eval(HGETALL_EACH, ScriptOutputType.MULTI, pageKeys.toArray(new byte[0][])) : null;
            // the next page is asked for in the same flush: one round trip per page, not two
            RedisFuture<KeyScanCursor<byte[]>> next = page.isFinished() ? null : redis.scan(page, match);
            connection.flushCommands();
            if (hashes != null) {
                bindings(pageKeys, await(hashes), now, out);
            } else if (!pageKeys.isEmpty()) {
                records(space, pageKeys, now, out);
            }
            if (next == null) {
                return out;
            }
            page = await(next);
        }
    }

    /** The values of the keys (node heartbeats), null where a key is gone: values of the keys, null where a key is gone. */
    synchronized List<byte[]> values(List<byte[]> keyList) throws StateStoreException {
        List<byte[]> out = new ArrayList<>(keyList.size());
        for (KeyValue<byte[], byte[]> kv : flushAndAwait(connection.async().mget(keyList.toArray(new byte[0][])))) {
            out.add(kv.hasValue() ? kv.getValue() : null);
        }
        return out;
    }

    /** Every key matching a pattern (SCAN). */
    synchronized List<byte[]> scan(byte[] pattern) throws StateStoreException {
        List<byte[]> out = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(pattern).limit(PAGE);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<byte[]> page = flushAndAwait(connection.async().scan(cursor, match));
            out.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }

    /** @param fields each hash's HGETALL reply (field, value, field, value...), in the order of {@code hashes} */
    private void bindings(List<byte[]> hashes, List<Object> fields, long now, List<StateRecord> out)
            throws StateStoreException {
        RedisAsyncCommands<byte[], byte[]> redis = connection.async();
        List<RedisFuture<?>> deletes = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            String aor = keys.aorOf(hashes.get(i));
            List<?> hash = (List<?>) fields.get(i);
            for (int f = 0; f + 1 < hash.size(); f += 2) {
                byte[] field = (byte[]) hash.get(f);
                byte[] value = (byte[]) hash.get(f + 1);
                StateRecord r = StoredValues.binding(aor, new String(field, StandardCharsets.UTF_8), value);
                if (r.expiredAt(now)) {
                    deletes.add(redis.eval(DELETE_IF_UNCHANGED, ScriptOutputType.INTEGER, new byte[][] {hashes.get(i)},
                            field, value));
                } else {
                    out.add(r);
                }
            }
        }
        if (!deletes.isEmpty()) {
            connection.flushCommands();
            LettuceFutures.awaitAll(timeout, deletes.toArray(new RedisFuture<?>[0]));
        }
    }

    private void records(Space space, List<byte[]> keyList, long now, List<StateRecord> out)
            throws StateStoreException {
        for (byte[] stored : values(keyList)) {
            if (stored != null) {
                StateRecord r = StoredValues.record(space, stored);
                if (!r.expiredAt(now)) {
                    out.add(r);
                }
            }
        }
    }

    /** Sends what is queued (once, not per future: each flush is a task on the client's event loop). */
    private <T> T flushAndAwait(RedisFuture<T> future) throws StateStoreException {
        connection.flushCommands();
        return await(future);
    }

    private <T> T await(RedisFuture<T> future) throws StateStoreException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("interrupted while reading from Redis", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StateStoreException("reading from Redis failed: " + e, e);
        }
    }
}

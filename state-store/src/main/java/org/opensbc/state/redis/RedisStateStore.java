package org.opensbc.state.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.opensbc.state.Membership;
import org.opensbc.state.Secrets;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.write.Reachability;
import org.opensbc.state.write.WriteBehind;
import org.opensbc.state.write.WriteBehindStore;
import org.opensbc.state.write.WriterSettings;

/**
 * The store several gateway nodes share: Redis through Lettuce ({@code redis://}, {@code rediss://}
 * for TLS, {@code redis-sentinel://}). Four connections: the writer's pipeline, the loader's
 * pipeline (loads, heartbeat reads), one for single commands (heartbeat, counters, secrets) and
 * the change subscription. Unreachable at open: open fails, naming
 * the URL. Unreachable later: changes stay queued (bounded), callers are never blocked or thrown
 * at, and the client reconnects by itself; one log line when it goes and one when it is back.
 */
public final class RedisStateStore extends WriteBehindStore {

    /** Every command's limit: a batch, a read page, a heartbeat. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    private static final int REQUEST_QUEUE_LIMIT = 500_000;

    private final String nodeId;
    private final String described;
    private final RedisKeys keys;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> commands;
    private final RedisLoader loader;
    private final ChangeSubscriber subscriber;
    private final RedisCounters counters;
    private final RedisMembership membership;
    private final WriteBehind writer;

    private RedisStateStore(String nodeId, RedisURI uri, String prefix, WriterSettings settings) {
        this.nodeId = nodeId;
        this.described = describe(uri);
        this.keys = new RedisKeys(prefix);
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail at once while disconnected: our own queue holds the changes, not the client's
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
                // no per-command timeout timers (one per pipelined command): every await has its own limit;
                // a hung connection holds at most this many commands, then refuses more at once
                .requestQueueSize(REQUEST_QUEUE_LIMIT)
                // ClientOptions' default arms a timer per command (seen in profiles of the load)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build());
        Reachability reachability = new Reachability(described);
        try {
            this.commands = client.connect(ByteArrayCodec.INSTANCE);
            RedisVersion.require(commands.sync().info("server"), described);
            this.loader = new RedisLoader(client.connect(ByteArrayCodec.INSTANCE), keys, COMMAND_TIMEOUT);
            this.counters = new RedisCounters(commands, keys, nodeId, COMMAND_TIMEOUT);
            this.membership = new RedisMembership(nodeId, commands, loader, keys, counters, reachability);
            this.subscriber = new ChangeSubscriber(nodeId, client.connectPubSub(ByteArrayCodec.INSTANCE), keys,
                    COMMAND_TIMEOUT);
            subscriber.start();
            this.writer = new WriteBehind("redis", new RedisSink(client.connect(ByteArrayCodec.INSTANCE), keys, nodeId,
                    COMMAND_TIMEOUT), reachability, settings);
        } catch (RuntimeException e) {
            shutdownClient();
            throw e;
        }
        writer.start();
    }

    /**
     * Connects, or fails with a message naming the URL (without its password).
     *
     * @param prefix put before every key and the change channel ("sbc:" by default), so several
     *               clusters can share one Redis
     */
    public static RedisStateStore open(String url, String prefix, String nodeId, WriterSettings settings)
            throws StateStoreException {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StateStoreException("state.redis.url is not a Redis URL (redis://, rediss://, redis-sentinel://): "
                    + e.getMessage(), e);
        }
        uri.setTimeout(COMMAND_TIMEOUT);
        try {
            return new RedisStateStore(nodeId, uri, prefix, settings);
        } catch (RedisException e) {
            throw new StateStoreException("cannot reach Redis at " + describe(uri) + ": " + e.getMessage(), e);
        }
    }

    /** The URL without credentials, for messages. */
    static String describe(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            return "redis-sentinel://" + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
                    .collect(Collectors.joining(",")) + "/" + uri.getDatabase() + "#" + uri.getSentinelMasterId();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    @Override
    protected WriteBehind writer() {
        return writer;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public List<StateRecord> load(Space space) throws StateStoreException {
        try {
            return loader.load(space);
        } catch (RedisException e) {
            throw new StateStoreException("cannot read " + space + " from Redis at " + described + ": " + e.getMessage(), e);
        }
    }

    /**
     * Changes other nodes made since this store opened are held until this is called, then
     * delivered first: a gateway that loads, then subscribes, misses nothing in between.
     */
    @Override
    public void subscribe(Consumer<StateChange> remoteChange, Consumer<Space> resynced) {
        subscriber.deliverTo(remoteChange, resynced);
    }

    /** SET NX then GET: whichever node comes first decides, every node ends with the same bytes. */
    @Override
    public byte[] sharedSecret(String name, int length) throws StateStoreException {
        byte[] key = keys.secret(name);
        try {
            commands.sync().set(key, Secrets.random(length), SetArgs.Builder.nx());
            return commands.sync().get(key);
        } catch (RedisException e) {
            throw new StateStoreException("cannot read secret " + name + " from Redis at " + described + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long addToCounter(String name, long delta) {
        return counters.add(name, delta);
    }

    @Override
    public Membership membership() {
        return membership;
    }

    @Override
    public void close() {
        writer.close();
        subscriber.close();
        shutdownClient();
    }

    private void shutdownClient() {
        client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}

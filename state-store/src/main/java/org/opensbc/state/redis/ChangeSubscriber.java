package org.opensbc.state.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the other nodes' changes from the change channel, in order, on one thread of its own
 * ({@code state-subscriber}). When the subscription was lost (Redis restarted, the network broke)
 * or a writer's batch sequence skips, messages may have been missed: it asks the gateway to
 * reload every space ({@code resynced}), after the subscription is live again.
 */
final class ChangeSubscriber extends RedisPubSubAdapter<byte[], byte[]> implements RedisConnectionStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeSubscriber.class);
    private static final int EARLY_LIMIT = 100_000;

    /** Where each writer's batches were up to. Confined to the delivery thread. */
    private record Seen(long run, long sequence) { }

    private final String nodeId;
    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final byte[] channel;
    private final Duration timeout;
    private final ExecutorService delivery;
    private final Map<String, Seen> seen = new HashMap<>();
    /** Null until the gateway subscribes; then set once, on the delivery thread. Confined to it. */
    private Consumer<StateChange> onChange;
    private Consumer<Space> onResync;
    /**
     * Changes received before the gateway subscribed (it loads first, then subscribes): handed
     * over when it does, so nothing written between its load and its subscribe is missed. Bounded;
     * past the bound they are dropped and the gateway is asked to reload instead. Delivery thread only.
     */
    private final List<StateChange> early = new ArrayList<>();
    private boolean earlyOverflowed;
    /** Set when the subscription's connection dropped, cleared once it is subscribed again. */
    private volatile boolean lost;

    ChangeSubscriber(String nodeId, StatefulRedisPubSubConnection<byte[], byte[]> connection, RedisKeys keys,
            Duration timeout) {
        this.nodeId = nodeId;
        this.connection = connection;
        this.channel = keys.changes();
        this.timeout = timeout;
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "state-subscriber-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes (blocking, at open): from here on, other nodes' changes are received. */
    void start() {
        connection.addListener((RedisPubSubListener<byte[], byte[]>) this);
        connection.addListener((RedisConnectionStateListener) this);
        connection.sync().subscribe(channel);
    }

    void deliverTo(Consumer<StateChange> remoteChange, Consumer<Space> resynced) {
        delivery.execute(() -> {
            onChange = remoteChange;
            onResync = resynced;
            if (earlyOverflowed) {
                resyncAll();
            } else {
                early.forEach(this::apply);
            }
            early.clear();
        });
    }

    @Override
    public void message(byte[] from, byte[] message) {
        delivery.execute(() -> deliver(message));
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        if (handler == connection) {
            lost = true;
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
        if (handler == connection && lost) {
            delivery.execute(this::resubscribeAndResync);
        }
    }

    private void deliver(byte[] bytes) {
        ChangeMessage m;
        try {
            if (ChangeMessage.originOf(bytes).equals(nodeId)) {
                return;
            }
            m = ChangeMessage.decode(bytes);
        } catch (IllegalArgumentException e) {
            LOG.warn("unreadable change message ({} bytes), reloading everything: {}", bytes.length, e.getMessage());
            resyncAll();
            return;
        }
        Seen last = seen.put(m.origin(), new Seen(m.run(), m.sequence()));
        if (last != null && last.run() == m.run() && m.sequence() != last.sequence() + 1) {
            LOG.info("missed changes from node {} (batch {} after {}), reloading", m.origin(), m.sequence(),
                    last.sequence());
            resyncAll();
            return; // the reload holds this batch too
        }
        for (StateChange change : m.changes()) {
            if (onChange != null) {
                apply(change);
            } else if (early.size() < EARLY_LIMIT) {
                early.add(change);
            } else {
                earlyOverflowed = true;
            }
        }
    }

    private void apply(StateChange change) {
        try {
            onChange.accept(change);
        } catch (RuntimeException e) {
            LOG.error("applying another node's change to {} failed", change.id(), e);
        }
    }

    /** Our own SUBSCRIBE after the client's automatic one: once it is answered, the subscription is live. */
    private void resubscribeAndResync() {
        if (!lost) {
            return;
        }
        try {
            LettuceFutures.awaitOrCancel(connection.async().subscribe(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RedisException e) {
            LOG.warn("subscribing to changes again failed (next reconnect retries): {}", e.toString());
            return;
        }
        lost = false;
        seen.clear();
        LOG.info("change subscription back after an outage: reloading every space");
        resyncAll();
    }

    private void resyncAll() {
        if (onResync == null) {
            earlyOverflowed = true; // not subscribed yet: it reloads everything when it does
            return;
        }
        for (Space space : Space.values()) {
            try {
                onResync.accept(space);
            } catch (RuntimeException e) {
                LOG.error("reloading {} after a resync failed", space, e);
            }
        }
    }

    void close() {
        connection.close(); // first: no message may arrive after the delivery thread is gone
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(2, TimeUnit.SECONDS)) {
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

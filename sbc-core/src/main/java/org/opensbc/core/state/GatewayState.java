package org.opensbc.core.state;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.opensbc.core.acl.RateLimiter;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.BindingCodec;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of the state store: reads bindings and bans back at start, keeps the
 * in-memory registrar and ban lists in step with what other nodes change, and publishes the
 * store's health as metrics. Every read on the SIP path stays in memory.
 */
public final class GatewayState {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayState.class);
    /** How long a resync keeps trying to read while the store's connections come back. */
    private static final long RESYNC_PATIENCE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private final StateStore store;
    private final Clock clock;
    private final LocationService location;
    private final AuthFailureTracker authBans;
    private final RateLimiter rateBans;

    public GatewayState(StateStore store, Clock clock, LocationService location, AuthFailureTracker authBans,
            RateLimiter rateBans) {
        this.store = store;
        this.clock = clock;
        this.location = location;
        this.authBans = authBans;
        this.rateBans = rateBans;
    }

    public StateStore store() {
        return store;
    }

    /**
     * Reads bindings and bans back, then follows other nodes' changes and records new bans.
     * This node's bindings that lived on a connection are marked lost: the connection died with
     * the process that held it.
     */
    public void restore(GatewayMetrics metrics) throws StateStoreException {
        long started = System.nanoTime();
        int bindings = reload(Space.BINDING, true);
        int bans = reload(Space.BAN, true);
        LOG.info("state restored from the {} store: {} bindings, {} bans in {} ms", kindOf(store), bindings, bans,
                (System.nanoTime() - started) / 1_000_000);
        authBans.setListener(new BanJournal(store, clock, BanJournal.AUTH));
        rateBans.setListener(new BanJournal(store, clock, BanJournal.RATE));
        store.subscribe(this::applyRemote, this::resync);
        metrics.gauge("sbc.state.queued", "changes waiting to be written to the state store",
                () -> store.health().queued());
        metrics.gauge("sbc.state.lag.seconds", "age of the oldest change not yet in the state store",
                () -> store.health().lagMillis() / 1000.0);
        metrics.gauge("sbc.state.reachable", "1 while the state store answers, 0 while it is down",
                () -> store.health().reachable() ? 1 : 0);
        metrics.counterFunction("sbc.state.written", "changes written to the state store", store,
                s -> s.health().written());
        metrics.counterFunction("sbc.state.write.failures", "state store writes that failed (each is retried)",
                store, s -> s.health().failures());
        metrics.counterFunction("sbc.state.refused", "changes refused because the state store's queue was full",
                store, s -> s.health().refused());
    }

    private static String kindOf(StateStore store) {
        return store.getClass().getSimpleName().replace("StateStore", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** @param atStart this node's connection-bound bindings are from before its restart */
    private int reload(Space space, boolean atStart) throws StateStoreException {
        List<StateRecord> records = store.load(space);
        for (StateRecord r : records) {
            apply(r, atStart);
        }
        return records.size();
    }

    /**
     * After an outage: reads the space again (other nodes changed it meanwhile), and writes back
     * this node's bindings the store lost (a Redis that restarted empty, or failed over to a
     * replica that missed the last writes).
     */
    private void resync(Space space) {
        long pause = 100;
        for (long end = System.nanoTime() + RESYNC_PATIENCE_NANOS; ; pause = Math.min(2_000, pause * 2)) {
            try {
                resyncOnce(space);
                return;
            } catch (StateStoreException e) {
                // the subscription may come back before the connection that reads: try again shortly
                if (System.nanoTime() - end > 0) {
                    LOG.warn("state store resync of {} failed, left to the next one: {}", space, e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void resyncOnce(Space space) throws StateStoreException {
        List<StateRecord> records = store.load(space);
        java.util.Set<org.opensbc.state.StateKey> stored = new java.util.HashSet<>();
        for (StateRecord r : records) {
            stored.add(r.id());
            apply(r, false);
        }
        int[] rewritten = {0};
        if (space == Space.BINDING) {
            location.forEach((aor, b) -> {
                if (store.nodeId().equals(b.node()) && !stored.contains(BindingJournal.key(aor, b.key()))) {
                    store.submit(new StateChange.Put(new StateRecord(BindingJournal.key(aor, b.key()),
                            BindingCodec.encode(b), b.expiresAtMillis())));
                    rewritten[0]++;
                }
            });
        }
        LOG.info("state store back: {} {} records read again, {} of this node's written back", records.size(),
                space.name().toLowerCase(java.util.Locale.ROOT), rewritten[0]);
    }

    private void applyRemote(StateChange change) {
        if (change instanceof StateChange.Put put) {
            apply(put.record(), false);
        } else if (change.id().space() == Space.BINDING) {
            location.forget(change.id().group(), change.id().key());
        }
    }

    private void apply(StateRecord record, boolean atStart) {
        switch (record.id().space()) {
            case BINDING -> {
                Binding b = decode(record);
                if (b != null) {
                    boolean mine = store.nodeId().equals(b.node());
                    location.restore(record.id().group(), atStart && mine && b.connectionBound()
                            ? b.withConnectionLost() : b);
                }
            }
            case BAN -> restoreBan(record);
            default -> { } // trunk registrations and calls are read by their owners
        }
    }

    private void restoreBan(StateRecord record) {
        String source = record.id().key();
        if (BanJournal.RATE.equals(record.id().group())) {
            java.net.InetAddress address = org.opensbc.rules.match.Cidr.address(source);
            if (address != null) {
                rateBans.restoreBan(address, record.expiresAtMillis() - clock.millis());
            }
        } else {
            authBans.restoreBan(source, record.expiresAtMillis());
        }
    }

    private static Binding decode(StateRecord record) {
        try {
            return BindingCodec.decode(record.value());
        } catch (IOException e) {
            LOG.warn("stored binding {} of {} unreadable, skipped: {}", record.id().key(), record.id().group(),
                    e.getMessage());
            return null;
        }
    }
}

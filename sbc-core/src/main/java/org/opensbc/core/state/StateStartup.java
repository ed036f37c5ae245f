package org.opensbc.core.state;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.opensbc.core.acl.RateLimiter;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.auth.NonceService;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;

/**
 * Opens the state store and restores the gateway's state from it on a thread of its own, while
 * the gateway builds what does not need it (users, addresses, rules): with 100,000 stored
 * bindings the open and the read take 1-2 s, which no longer add to the rest of the start.
 * Nothing is served before {@link #await} returns: the SIP stack is built after it.
 */
public final class StateStartup {

    /** What the rest of the gateway takes from the store. */
    public record Restored(StateStore store, LocationService location, GatewayState state, NonceService nonces) {
    }

    private final FutureTask<Restored> task;

    private StateStartup(FutureTask<Restored> task) {
        this.task = task;
    }

    public static StateStartup begin(GatewayConfig config, String nodeId, Clock clock, AuthFailureTracker bans,
            RateLimiter rateLimiter, GatewayMetrics metrics) {
        FutureTask<Restored> task = new FutureTask<>(() -> {
            StateStore store = StateOpener.open(config, nodeId);
            try {
                LocationService location = new LocationService(clock, config.registrar(), nodeId,
                        new BindingJournal(store));
                GatewayState state = new GatewayState(store, clock, location, bans, rateLimiter);
                state.restore(metrics);
                NonceService nonces = new NonceService(clock, config.auth().nonceLifetime(),
                        store.sharedSecret("nonce-key", 32));
                return new Restored(store, location, state, nonces);
            } catch (StateStoreException | RuntimeException e) {
                store.close();
                throw e instanceof StateStoreException s ? new IOException("state store: " + s.getMessage(), s) : e;
            }
        });
        Thread thread = new Thread(task, "state-restore");
        thread.setDaemon(true);
        thread.start();
        return new StateStartup(task);
    }

    /** The restored state; the store's failure to open or to be read, as at a start without this thread. */
    public Restored await() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the state store was read", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}

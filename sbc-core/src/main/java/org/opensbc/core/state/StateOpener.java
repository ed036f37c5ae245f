package org.opensbc.core.state;

import java.io.IOException;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.StateStores;

/** Opens the store {@code state.store} names. */
public final class StateOpener {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateOpener.class);

    private StateOpener() {
    }

    /** The store as the log names it (a Redis URL without its password). */
    private static String where(GatewayConfig.State state, GatewayConfig config) {
        return switch (state.kind()) {
            case EMBEDDED -> "embedded (" + config.dataDir().resolve("state.db") + ")";
            case REDIS -> "redis (" + state.redisUrl().replaceAll("//[^@/]*@", "//****@") + ")";
            case MEMORY -> "memory (nothing survives a restart)";
        };
    }

    /**
     * @param nodeId this node's id (configured, or {@link NodeIdentity#id})
     * @throws IOException the store cannot be opened (a Redis that does not answer, a database file
     *                     from a newer version): the gateway does not start, and says why
     */
    public static StateStore open(GatewayConfig config, String nodeId) throws IOException {
        GatewayConfig.State state = config.state();
        long started = System.nanoTime();
        try {
            StateStore store = StateStores.open(state.kind(), config.dataDir(), state.redisUrl(), state.redisPrefix(),
                    nodeId);
            LOG.info("state store {} opened in {} ms, this node is {}", where(state, config),
                    (System.nanoTime() - started) / 1_000_000, nodeId);
            return store;
        } catch (StateStoreException e) {
            throw new IOException("state store (" + state.kind().name().toLowerCase(java.util.Locale.ROOT) + "): "
                    + e.getMessage(), e);
        }
    }
}

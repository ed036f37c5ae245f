package org.opensbc.core.state;

import java.io.IOException;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.StateStores;

/** Opens the store {@code state.store} names. */
public final class StateOpener {

    private StateOpener() {
    }

    /**
     * @param nodeId this node's id (configured, or {@link NodeIdentity#id})
     * @throws IOException the store cannot be opened (a Redis that does not answer, a database file
     *                     from a newer version): the gateway does not start, and says why
     */
    public static StateStore open(GatewayConfig config, String nodeId) throws IOException {
        GatewayConfig.State state = config.state();
        try {
            return StateStores.open(state.kind(), config.dataDir(), state.redisUrl(), state.redisPrefix(), nodeId);
        } catch (StateStoreException e) {
            throw new IOException("state store (" + state.kind().name().toLowerCase(java.util.Locale.ROOT) + "): "
                    + e.getMessage(), e);
        }
    }
}

package org.opensbc.core.state;

import java.io.IOException;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.state.MemoryStateStore;
import org.opensbc.state.StateStore;

/** Opens the store {@code state.store} names. */
public final class StateOpener {

    private StateOpener() {
    }

    /** @param nodeId this node's id (configured, or {@link NodeIdentity#defaultId}) */
    public static StateStore open(GatewayConfig config, String nodeId) throws IOException {
        return switch (config.state().kind()) {
            case MEMORY, EMBEDDED, REDIS -> new MemoryStateStore(nodeId);
        };
    }
}

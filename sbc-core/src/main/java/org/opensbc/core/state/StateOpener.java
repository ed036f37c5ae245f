package org.opensbc.core.state;

import java.io.IOException;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.state.MemoryStateStore;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.sqlite.SqliteStateStore;
import org.opensbc.state.write.WriterSettings;

/** Opens the store {@code state.store} names. */
public final class StateOpener {

    private StateOpener() {
    }

    /** @param nodeId this node's id (configured, or {@link NodeIdentity#defaultId}) */
    public static StateStore open(GatewayConfig config, String nodeId) throws IOException {
        return switch (config.state().kind()) {
            case MEMORY -> new MemoryStateStore(nodeId);
            case EMBEDDED, REDIS -> open(() -> SqliteStateStore.open(config.dataDir(), nodeId, WriterSettings.defaults()));
        };
    }

    private interface Opening {
        StateStore open() throws StateStoreException;
    }

    private static StateStore open(Opening opening) throws IOException {
        try {
            return opening.open();
        } catch (StateStoreException e) {
            throw new IOException("state store: " + e.getMessage(), e);
        }
    }
}

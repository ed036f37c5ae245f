package org.opensbc.state.write;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether the store answers; logs one line when that changes (never one per failed command). */
public final class Reachability {

    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    private final String storeName;
    private final AtomicBoolean up = new AtomicBoolean(true);

    public Reachability(String storeName) {
        this.storeName = storeName;
    }

    public boolean isUp() {
        return up.get();
    }

    public void down(Throwable cause) {
        if (up.compareAndSet(true, false)) {
            LOG.warn("state store {} unreachable, changes stay queued until it is back: {}", storeName,
                    String.valueOf(cause));
        }
    }

    public void up() {
        if (up.compareAndSet(false, true)) {
            LOG.info("state store {} reachable again", storeName);
        }
    }
}

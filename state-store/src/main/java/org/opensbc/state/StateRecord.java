package org.opensbc.state;

import java.util.Objects;

/**
 * One stored record: opaque bytes (the owner encodes them) and when they lapse.
 *
 * @param expiresAtMillis epoch millis after which the record is gone; 0: never
 */
public record StateRecord(StateKey id, byte[] value, long expiresAtMillis) {

    public StateRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
    }

    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis != 0 && expiresAtMillis <= nowMillis;
    }
}

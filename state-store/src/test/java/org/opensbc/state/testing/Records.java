package org.opensbc.state.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;

/** Small builders and comparisons for store tests. */
public final class Records {

    private Records() {
    }

    public static StateChange.Put put(Space space, String group, String key, String value, long expiresAtMillis) {
        return new StateChange.Put(new StateRecord(new StateKey(space, group, key),
                value.getBytes(StandardCharsets.UTF_8), expiresAtMillis));
    }

    public static StateChange.Remove remove(Space space, String group, String key) {
        return new StateChange.Remove(new StateKey(space, group, key));
    }

    /** "group/key" -> "value@expiry", sorted, for assertEquals. */
    public static Map<String, String> view(List<StateRecord> records) {
        Map<String, String> out = new TreeMap<>();
        for (StateRecord r : records) {
            out.put(r.id().group() + "/" + r.id().key(),
                    new String(r.value(), StandardCharsets.UTF_8) + "@" + r.expiresAtMillis());
        }
        return out;
    }

    /** Waits (bounded) until everything submitted so far is written. */
    public static void awaitWritten(StateStore store) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        store.whenWritten(done::countDown);
        if (!done.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("whenWritten did not run within 20 s: " + store.health());
        }
    }
}

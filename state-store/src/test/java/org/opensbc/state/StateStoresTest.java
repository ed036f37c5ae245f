package org.opensbc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.redis.RedisStateStore;
import org.opensbc.state.sqlite.SqliteStateStore;
import org.opensbc.state.testing.RedisServerProcess;

class StateStoresTest {

    @TempDir
    Path dir;

    @Test
    void namesMapToKinds() {
        assertEquals(StateStores.Kind.EMBEDDED, StateStores.Kind.parse(" Embedded "));
        assertEquals(StateStores.Kind.EMBEDDED, StateStores.Kind.parse("sqlite"));
        assertEquals(StateStores.Kind.REDIS, StateStores.Kind.parse("redis"));
        assertEquals(StateStores.Kind.MEMORY, StateStores.Kind.parse("memory"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateStores.Kind.parse("h2"));
        assertTrue(e.getMessage().contains("\"h2\""), e.getMessage());
    }

    @Test
    void opensEachKind() throws Exception {
        try (StateStore s = StateStores.open(StateStores.Kind.EMBEDDED, dir.resolve("data"), null, null, "n1")) {
            assertTrue(s instanceof SqliteStateStore);
            assertTrue(Files.exists(dir.resolve("data").resolve("state.db")));
        }
        try (StateStore s = StateStores.open(StateStores.Kind.MEMORY, dir, null, null, "n1")) {
            assertTrue(s instanceof MemoryStateStore);
        }
        try (RedisServerProcess redis = RedisServerProcess.start(dir);
                StateStore s = StateStores.open(StateStores.Kind.REDIS, dir, redis.url(), null, "n1")) {
            assertTrue(s instanceof RedisStateStore);
            s.submit(new StateChange.Remove(new StateKey(Space.BAN, "auth", "x")));
            assertTrue(s.health().reachable());
        }
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> StateStores.open(StateStores.Kind.REDIS, dir, " ", null, "n1"));
        assertTrue(e.getMessage().contains("state.redis.url"), e.getMessage());
    }
}

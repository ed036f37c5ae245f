package org.opensbc.state.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opensbc.state.testing.Records.awaitWritten;
import static org.opensbc.state.testing.Records.put;
import static org.opensbc.state.testing.Records.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.Space;
import org.opensbc.state.testing.RedisServerProcess;
import org.opensbc.state.write.WriterSettings;

/** A redis-sentinel:// URL: the store asks a real Sentinel for the master, then works as with redis://. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisSentinelTest {

    @TempDir
    Path dir;

    @Test
    void theStoreFindsTheMasterThroughSentinel() throws Exception {
        Files.createDirectories(dir.resolve("master"));
        Files.createDirectories(dir.resolve("sentinel"));
        long later = System.currentTimeMillis() + 3_600_000;
        try (RedisServerProcess master = RedisServerProcess.start(dir.resolve("master"));
                RedisServerProcess sentinel = RedisServerProcess.sentinel(dir.resolve("sentinel"), master.port())) {
            String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "/0#mymaster";
            assertEquals(url, RedisStateStore.describe(RedisURI.create(url)));
            try (RedisStateStore store = RedisStateStore.open(url, "sbc:", "n1", WriterSettings.defaults())) {
                store.submit(put(Space.BINDING, "sip:dave@x", "k", "v", later));
                awaitWritten(store);
                assertEquals(Map.of("sip:dave@x/k", "v@" + later), view(store.load(Space.BINDING)));
            }
            assertEquals("1", master.command("HLEN", "sbc:b:sip:dave@x"), "written to the master Sentinel named");
        }
    }
}

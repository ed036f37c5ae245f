package org.opensbc.state.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opensbc.state.testing.Records.awaitWritten;
import static org.opensbc.state.testing.Records.put;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.NodeInfo;
import org.opensbc.state.Space;
import org.opensbc.state.StateRecord;
import org.opensbc.state.testing.RedisServerProcess;
import org.opensbc.state.write.WriterSettings;

/** Redis stopped under a writing node and started again on the same port. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisOutageTest {

    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;
    RedisServerProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start(dir);
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void changesQueueDuringAnOutageAndNothingIsLostWhenRedisIsBack() throws Exception {
        long later = System.currentTimeMillis() + HOUR;
        BlockingQueue<Space> resyncedOnB = new LinkedBlockingQueue<>();
        try (RedisStateStore a = RedisStateStore.open(redis.url(), "sbc:", "n1", WriterSettings.defaults());
                RedisStateStore b = RedisStateStore.open(redis.url(), "sbc:", "n2", WriterSettings.defaults())) {
            b.subscribe(c -> { }, resyncedOnB::add);
            for (int i = 0; i < 100; i++) {
                assertTrue(a.submit(put(Space.BINDING, "sip:u" + i + "@x", "k", "before", later)));
            }
            awaitWritten(a);
            redis.stopKeepingData();

            for (int i = 100; i < 300; i++) {
                assertTrue(a.submit(put(Space.BINDING, "sip:u" + i + "@x", "k", "during", later)), "queued, not refused");
            }
            waitFor(() -> !a.health().reachable(), "health says unreachable");
            assertEquals(200, a.health().queued());
            assertTrue(a.health().failures() > 0);
            CountDownLatch answered = new CountDownLatch(1);
            a.whenWritten(answered::countDown);
            assertTrue(answered.await(1, TimeUnit.SECONDS), "a reply does not wait on the outage");
            a.membership().heartbeat(new NodeInfo("n1", "127.0.0.1:5060", "", 0, System.currentTimeMillis(),
                    Map.of())); // must not throw while Redis is down

            redis.start();
            waitFor(() -> a.health().reachable() && a.health().queued() == 0, "the queue drains once Redis is back");
            assertEquals(Space.BINDING, resyncedOnB.poll(15, TimeUnit.SECONDS), "the other node is told to reload");
            Set<String> aors = new HashSet<>();
            for (StateRecord r : b.load(Space.BINDING)) {
                aors.add(r.id().group());
            }
            assertEquals(300, aors.size(), "written before and during the outage");
            assertEquals(300, a.health().written());
        }
    }

    @Test
    void aFullQueueRefusesDuringAnOutage() throws Exception {
        try (RedisStateStore a = RedisStateStore.open(redis.url(), "sbc:", "n1",
                WriterSettings.defaults().withQueueCapacity(50))) {
            redis.stop();
            int accepted = 0;
            for (int i = 0; i < 80; i++) {
                if (a.submit(put(Space.BAN, "auth", "10.0.0." + i, "", System.currentTimeMillis() + HOUR))) {
                    accepted++;
                }
            }
            assertEquals(50, accepted);
            assertEquals(30, a.health().refused());
            waitFor(() -> a.health().lagMillis() > 0 && !a.health().reachable(), "lag grows while down");
        }
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 20 s: " + what);
            Thread.sleep(50);
        }
    }
}

package org.opensbc.state.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.Membership;
import org.opensbc.state.NodeInfo;
import org.opensbc.state.testing.RedisServerProcess;
import org.opensbc.state.write.WriterSettings;

/** Two nodes heartbeating on one real Redis; one stops. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisMembershipTest {

    @TempDir
    static Path dir;
    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start(dir);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static NodeInfo info(String id, long calls) {
        return new NodeInfo(id, "127.0.0.1:" + (id.equals("n1") ? 5060 : 5062), "127.0.0.1:8080", 1_000,
                System.currentTimeMillis(), Map.of("calls", calls));
    }

    @Test
    void nodesSeeEachOtherCountersAddUpAndADeadNodeIsDroppedWithinTenSeconds() throws Exception {
        try (RedisStateStore a = RedisStateStore.open(redis.url(), "m:", "n1", WriterSettings.defaults());
                RedisStateStore b = RedisStateStore.open(redis.url(), "m:", "n2", WriterSettings.defaults())) {
            assertEquals(2, a.addToCounter("trunk:pbx", 2));
            assertEquals(3, b.addToCounter("trunk:pbx", 3));
            a.membership().heartbeat(info("n1", 2));
            b.membership().heartbeat(info("n2", 3));
            a.membership().heartbeat(info("n1", 2));

            List<NodeInfo> seenByA = a.membership().nodes();
            assertEquals(List.of("n1", "n2"), seenByA.stream().map(NodeInfo::id).sorted().toList());
            assertEquals(Map.of("calls", 3L), seenByA.stream().filter(n -> n.id().equals("n2")).findFirst()
                    .orElseThrow().load());
            assertTrue(a.membership().isAlive("n2"));
            assertEquals(5, a.addToCounter("trunk:pbx", 0), "own share plus n2's");
            assertEquals(6, a.addToCounter("trunk:pbx", 1));
            b.membership().heartbeat(info("n2", 3));
            assertEquals(6, b.addToCounter("trunk:pbx", 0));

            long lastHeartbeatOfB = System.currentTimeMillis();
            long deadline = lastHeartbeatOfB + Membership.DEAD_AFTER_MILLIS + 5_000;
            while (a.membership().isAlive("n2") && System.currentTimeMillis() < deadline) {
                a.membership().heartbeat(info("n1", 3));
                Thread.sleep(250);
            }
            long droppedAfter = System.currentTimeMillis() - lastHeartbeatOfB;
            assertFalse(a.membership().isAlive("n2"), "n2 still alive " + droppedAfter + " ms after its last heartbeat");
            assertTrue(droppedAfter <= Membership.DEAD_AFTER_MILLIS + 300, "dropped after " + droppedAfter + " ms");
            assertEquals(List.of("n1"), a.membership().nodes().stream().map(NodeInfo::id).toList());
            a.membership().heartbeat(info("n1", 3));
            assertEquals(3, a.addToCounter("trunk:pbx", 0), "a dead node's share no longer counts");
            assertEquals("3", redis.command("HGET", "m:count:trunk:pbx", "n1"));
        }
    }
}

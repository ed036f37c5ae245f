package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19: Redis stops while a gateway (`state.store: redis`) runs. Calls between users it
 * already knows go on from its memory, a new registration is still answered, and when Redis is
 * back the gateway writes what it queued by itself: no binding is lost.
 */
@Timeout(240)
class RedisOutageIT {

    private static final String BOB_IP = "127.0.0.4";
    private static final String DAVE_IP = "127.0.0.6";

    @Test
    void callsGoOnAndRegistrationsAreKeptThroughAnOutage() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ShippedGateway gw = ShippedGateway.startNode(0, yaml -> yaml.replace("  store: embedded", "  store: redis")
                        .replace("  nodeId: \"\"", "  nodeId: solo")
                        .replace("redis://127.0.0.1:6379", redis.url()))) {
            int bobListens = TestGateway.freeUdpAndTcpPort();
            SippPhones.register(gw, "bob", BOB_IP, bobListens);
            gw.awaitMetric("sbc_state_queued", 0);
            assertEquals("1", keys(redis), "bob's binding hash is in Redis");

            redis.stop();
            awaitMetric(gw, "sbc_state_reachable", 0);
            assertEquals(0, SippPhones.callFromAlice(gw, "bob", BOB_IP, bobListens),
                    "bob is called from memory while Redis is down");
            int daveListens = TestGateway.freeUdpAndTcpPort();
            SippPhones.register(gw, "dave", DAVE_IP, daveListens); // answered 200: queued for Redis
            assertTrue(gw.metric("sbc_state_queued") >= 1, "dave's binding waits for Redis");

            redis.startAgain();
            awaitMetric(gw, "sbc_state_reachable", 1);
            gw.awaitMetric("sbc_state_queued", 0);
            assertEquals("2", keys(redis), "bob's and dave's bindings are in Redis after the outage");
            assertEquals(0, SippPhones.callFromAlice(gw, "dave", DAVE_IP, daveListens),
                    "dave, registered during the outage, is called");
            assertTrue(gw.log().contains("state store back"), gw.log());
            gw.awaitCallsReleased();
        }
    }

    /** The number of binding hashes in Redis, as DBSIZE-like text ("*N" is KEYS' array header). */
    private static String keys(RedisServer redis) {
        String reply = redis.command("KEYS sbc:b:*");
        return reply == null ? "no answer" : reply.substring(1);
    }



    private static void awaitMetric(ShippedGateway gw, String sample, double expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double now = gw.metric(sample);
        while (now != expected && System.nanoTime() < end) {
            Thread.sleep(200);
            now = gw.metric(sample);
        }
        assertEquals(expected, now, sample);
    }
}

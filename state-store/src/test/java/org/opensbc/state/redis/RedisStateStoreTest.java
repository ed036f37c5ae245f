package org.opensbc.state.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opensbc.state.testing.Records.awaitWritten;
import static org.opensbc.state.testing.Records.put;
import static org.opensbc.state.testing.Records.remove;
import static org.opensbc.state.testing.Records.view;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.testing.RedisServerProcess;
import org.opensbc.state.write.WriterSettings;

/** Against a real redis-server; each test has a prefix of its own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisStateStoreTest {

    private static final long HOUR = 3_600_000;

    @TempDir
    static Path dir;
    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    static RedisStateStore open(String prefix, String nodeId) throws StateStoreException {
        return RedisStateStore.open(redis.url(), prefix, nodeId, WriterSettings.defaults());
    }

    @Test
    void everySpaceRoundTripsThroughRedis() throws Exception {
        long later = System.currentTimeMillis() + HOUR;
        try (RedisStateStore a = open("rt:", "n1")) {
            for (Space space : Space.values()) {
                long expiry = space == Space.CALL ? 0 : later;
                a.submit(put(space, "g:" + space, "k1", "one", expiry));
                a.submit(put(space, "g:" + space, "k2", "two", expiry));
                a.submit(put(space, "", "k:3", "three", expiry));
                a.submit(remove(space, "g:" + space, "k2"));
            }
            awaitWritten(a);
        }
        try (RedisStateStore b = open("rt:", "n2")) {
            for (Space space : Space.values()) {
                long expiry = space == Space.CALL ? 0 : later;
                Map<String, String> expected = new TreeMap<>(Map.of("g:" + space + "/k1", "one@" + expiry,
                        "/k:3", "three@" + expiry));
                assertEquals(expected, view(b.load(space)), space.name());
            }
        }
        assertEquals("-1", redis.command("PTTL", "rt:call:g:CALL:k1"), "a call record has no TTL");
        long banTtl = Long.parseLong(redis.command("PTTL", "rt:ban:g:BAN:k1"));
        assertTrue(banTtl > HOUR - 60_000 && banTtl <= HOUR, "a ban expires with its record: " + banTtl);
    }

    @Test
    void aChangeOnOneNodeReachesTheOthersSubscriberAndNotItsOwn() throws Exception {
        BlockingQueue<StateChange> seenByB = new LinkedBlockingQueue<>();
        BlockingQueue<StateChange> seenByA = new LinkedBlockingQueue<>();
        try (RedisStateStore a = open("sub:", "n1"); RedisStateStore b = open("sub:", "n2")) {
            a.subscribe(seenByA::add, s -> { });
            b.subscribe(seenByB::add, s -> { });
            long later = System.currentTimeMillis() + HOUR;
            a.submit(put(Space.BINDING, "sip:alice@x", "ws1", "flow on n1", later));
            a.submit(remove(Space.BAN, "auth", "192.0.2.1"));
            StateChange first = seenByB.poll(5, TimeUnit.SECONDS);
            StateChange second = seenByB.poll(5, TimeUnit.SECONDS);
            assertTrue(first instanceof StateChange.Put p && p.record().id().group().equals("sip:alice@x")
                    && new String(p.record().value()).equals("flow on n1") && p.record().expiresAtMillis() == later,
                    String.valueOf(first));
            assertEquals(new StateChange.Remove(new StateKey(Space.BAN, "auth", "192.0.2.1")), second);
            awaitWritten(a);
            assertNull(seenByA.poll(300, TimeUnit.MILLISECONDS), "a node ignores its own changes");
        }
    }

    @Test
    void changesMadeBetweenOpenAndSubscribeAreHandedOverWhenTheGatewaySubscribes() throws Exception {
        BlockingQueue<StateChange> seenByB = new LinkedBlockingQueue<>();
        try (RedisStateStore a = open("early:", "n1"); RedisStateStore b = open("early:", "n2")) {
            a.submit(put(Space.BINDING, "sip:erin@x", "k", "v", System.currentTimeMillis() + HOUR));
            awaitWritten(a);
            Thread.sleep(300); // received by b's subscription, before b's gateway subscribes (after its load)
            b.subscribe(seenByB::add, s -> { });
            StateChange handedOver = seenByB.poll(5, TimeUnit.SECONDS);
            assertTrue(handedOver instanceof StateChange.Put p && p.record().id().group().equals("sip:erin@x"),
                    String.valueOf(handedOver));
        }
    }

    @Test
    void aBindingHashLivesAsLongAsItsLatestBindingAndLoadDropsExpiredFields() throws Exception {
        long now = System.currentTimeMillis();
        try (RedisStateStore a = open("ttl:", "n1")) {
            a.submit(put(Space.BINDING, "sip:bob@x", "short", "v", now + 1_500));
            a.submit(put(Space.BINDING, "sip:bob@x", "long", "v", now + 60_000));
            a.submit(put(Space.BINDING, "sip:bob@x", "short2", "v", now + 1_000)); // GT: does not shorten
            a.submit(put(Space.BINDING, "sip:carol@x", "only", "v", now + 1_500));
            awaitWritten(a);
            long ttl = Long.parseLong(redis.command("PTTL", "ttl:b:sip:bob@x"));
            assertTrue(ttl > 50_000 && ttl <= 60_000, "hash TTL follows the latest binding: " + ttl);
            assertEquals("3", redis.command("HLEN", "ttl:b:sip:bob@x"));
            Thread.sleep(2_000);
            assertEquals("0", redis.command("EXISTS", "ttl:b:sip:carol@x"), "expired with its only binding");
            assertEquals(Map.of("sip:bob@x/long", "v@" + (now + 60_000)), view(a.load(Space.BINDING)));
            assertEquals("1", redis.command("HLEN", "ttl:b:sip:bob@x"), "expired fields deleted by load");
        }
    }

    @Test
    void bothNodesEndWithTheSameSharedSecret() throws Exception {
        try (RedisStateStore a = open("sec:", "n1"); RedisStateStore b = open("sec:", "n2")) {
            byte[] fromB = b.sharedSecret("nonce", 32);
            byte[] fromA = a.sharedSecret("nonce", 32);
            assertEquals(32, fromA.length);
            assertArrayEquals(fromA, fromB);
            assertFalse(Arrays.equals(fromA, a.sharedSecret("other", 32)));
        }
    }

    @Test
    void aWriterThatSkipsABatchMakesTheOthersReload() throws Exception {
        BlockingQueue<Space> resynced = new LinkedBlockingQueue<>();
        BlockingQueue<StateChange> changes = new LinkedBlockingQueue<>();
        try (RedisStateStore b = open("gap:", "n2")) {
            b.subscribe(changes::add, resynced::add);
            List<StateChange> one = List.of(remove(Space.BAN, "auth", "a"));
            redis.command("PUBLISH", "gap:changes", ChangeMessage.of("n9", 7, 1, one).encode());
            assertEquals(one.get(0), changes.poll(5, TimeUnit.SECONDS));
            redis.command("PUBLISH", "gap:changes", ChangeMessage.of("n9", 7, 3, one).encode());
            assertEquals(Space.BINDING, resynced.poll(5, TimeUnit.SECONDS), "batch 2 was missed");
            assertNull(changes.poll(200, TimeUnit.MILLISECONDS), "the reload stands for the batch after the gap");
            redis.command("PUBLISH", "gap:changes", ChangeMessage.of("n9", 8, 1, one).encode());
            assertEquals(one.get(0), changes.poll(5, TimeUnit.SECONDS), "a restarted writer starts again at 1");
        }
    }

    @Test
    void anUnreachableRedisFailsOpenNamingTheUrlButNotItsPassword() throws Exception {
        int nobody = RedisServerProcess.freePort();
        StateStoreException e = assertThrows(StateStoreException.class, () -> RedisStateStore.open(
                "redis://:hunter2@127.0.0.1:" + nobody + "/0", "sbc:", "n1", WriterSettings.defaults()));
        assertTrue(e.getMessage().contains("cannot reach Redis at redis://127.0.0.1:" + nobody), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(StateStoreException.class, () -> RedisStateStore.open("http://x", "sbc:", "n1",
                WriterSettings.defaults()));
    }
}

package org.opensbc.state.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.opensbc.state.testing.Records.awaitWritten;
import static org.opensbc.state.testing.Records.put;
import static org.opensbc.state.testing.Records.remove;
import static org.opensbc.state.testing.Records.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.Space;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.write.WriterSettings;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteStateStoreTest {

    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    private SqliteStateStore open() throws StateStoreException {
        return SqliteStateStore.open(dir, "n1", WriterSettings.defaults());
    }

    @Test
    void everySpaceSurvivesCloseAndReopen() throws Exception {
        long later = System.currentTimeMillis() + HOUR;
        Map<Space, Map<String, String>> expected = new HashMap<>();
        try (SqliteStateStore store = open()) {
            for (Space space : Space.values()) {
                long expiry = space == Space.CALL ? 0 : later;
                store.submit(put(space, "g-" + space, "k1", "one", expiry));
                store.submit(put(space, "g-" + space, "k2", "two", expiry));
                store.submit(put(space, "", "k3", "three", expiry));
                store.submit(remove(space, "g-" + space, "k2"));
                Map<String, String> v = new TreeMap<>();
                v.put("g-" + space + "/k1", "one@" + expiry);
                v.put("/k3", "three@" + expiry);
                expected.put(space, v);
            }
            awaitWritten(store);
            assertEquals(expected.get(Space.BAN), view(store.load(Space.BAN)));
        }
        try (SqliteStateStore store = open()) {
            for (Space space : Space.values()) {
                assertEquals(expected.get(space), view(store.load(space)), space.name());
            }
        }
    }

    @Test
    void manyChangesToFewKeysEndInTheLastState() throws Exception {
        long later = System.currentTimeMillis() + HOUR;
        Map<String, String> expected = new TreeMap<>();
        try (SqliteStateStore store = open()) {
            for (int i = 0; i < 20_000; i++) {
                String key = "k" + (i % 37);
                if (i % 11 == 0) {
                    assertTrue(store.submit(remove(Space.BINDING, "aor", key)));
                    expected.remove("aor/" + key);
                } else {
                    assertTrue(store.submit(put(Space.BINDING, "aor", key, "v" + i, later)));
                    expected.put("aor/" + key, "v" + i + "@" + later);
                }
            }
            awaitWritten(store);
            assertEquals(expected, view(store.load(Space.BINDING)));
            assertEquals(20_000, store.health().written());
            assertEquals(0, store.health().queued());
        }
    }

    @Test
    void aFullQueueRefusesWithoutBlockingAndKeepsWhatItAccepted() throws Exception {
        long later = System.currentTimeMillis() + HOUR;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stalled = new CountDownLatch(1);
        try (SqliteStateStore store = SqliteStateStore.open(dir, "n1", WriterSettings.defaults().withQueueCapacity(5))) {
            store.whenWritten(() -> {
                stalled.countDown();
                awaitQuietly(release);
            });
            assertTrue(stalled.await(10, TimeUnit.SECONDS));
            int accepted = 0;
            for (int i = 0; i < 8; i++) {
                if (store.submit(put(Space.BAN, "rate", "10.0.0." + i, "", later))) {
                    accepted++;
                }
            }
            assertEquals(5, accepted);
            assertEquals(3, store.health().refused());
            assertEquals(5, store.health().queued());
            release.countDown();
            awaitWritten(store);
            assertEquals(5, store.load(Space.BAN).size());
            assertTrue(store.submit(put(Space.BAN, "rate", "10.0.0.99", "", later)), "room again once written");
        }
    }

    @Test
    void whenWrittenRunsOnceTheRowIsCommittedToTheFile() throws Exception {
        long later = System.currentTimeMillis() + HOUR;
        AtomicInteger seenByAnotherConnection = new AtomicInteger(-1);
        CountDownLatch ran = new CountDownLatch(1);
        try (SqliteStateStore store = open()) {
            for (int i = 0; i < 500; i++) {
                store.submit(put(Space.BINDING, "sip:a@x", "b" + i, "v", later));
            }
            store.whenWritten(() -> {
                seenByAnotherConnection.set(countRows(store.path(), "BINDING"));
                ran.countDown();
            });
            assertTrue(ran.await(20, TimeUnit.SECONDS));
            assertEquals(500, seenByAnotherConnection.get());
        }
    }

    @Test
    void expiredRowsAreNotLoadedAndArePurged() throws Exception {
        long now = System.currentTimeMillis();
        WriterSettings quickPurge = WriterSettings.defaults().withMaintainEvery(Duration.ofMillis(200));
        try (SqliteStateStore store = SqliteStateStore.open(dir, "n1", quickPurge)) {
            store.submit(put(Space.BINDING, "sip:a@x", "old", "v", now - 1));
            store.submit(put(Space.BINDING, "sip:a@x", "soon", "v", now + 3_000));
            store.submit(put(Space.BINDING, "sip:a@x", "fresh", "v", now + HOUR));
            awaitWritten(store);
            assertEquals(Map.of("sip:a@x/soon", "v@" + (now + 3_000), "sip:a@x/fresh", "v@" + (now + HOUR)),
                    view(store.load(Space.BINDING)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (countRows(store.path(), "BINDING") > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, countRows(store.path(), "BINDING"), "expired rows purged from the file");
            assertEquals(1, store.load(Space.BINDING).size());
        }
    }

    @Test
    void commitsSkipTheFsyncWhichRunsEvery100MsOnTheCheckpointThread() throws Exception {
        try (SqliteStateStore store = open()) {
            store.submit(put(Space.BINDING, "sip:a@x", "k", "v", System.currentTimeMillis() + HOUR));
            awaitWritten(store);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.walSyncs() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(store.walSyncs() >= 3, "the WAL is fsynced periodically: " + store.walSyncs());
            assertEquals(1, store.writerSynchronous(), "the writer commits with synchronous=NORMAL (1)");
        }
    }

    @Test
    void theWalIsCopiedBackIntoTheFileWhileTheStoreRuns() throws Exception {
        long later = System.currentTimeMillis() + HOUR;
        try (SqliteStateStore store = open()) {
            long emptySize = Files.size(store.path());
            for (int i = 0; i < 2_000; i++) {
                store.submit(put(Space.BINDING, "sip:u" + i + "@x", "k", "v".repeat(100), later));
            }
            awaitWritten(store);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.size(store.path()) < emptySize + 200_000 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.size(store.path()) >= emptySize + 200_000,
                    "checkpointed into state.db: " + Files.size(store.path()) + " bytes");
        }
    }

    @Test
    void theSharedSecretIsKeptAcrossRestarts() throws Exception {
        byte[] first;
        try (SqliteStateStore store = open()) {
            first = store.sharedSecret("nonce", 32);
            assertEquals(32, first.length);
            assertArrayEquals(first, store.sharedSecret("nonce", 32));
            assertFalse(Arrays.equals(first, store.sharedSecret("other", 32)));
        }
        try (SqliteStateStore store = open()) {
            assertArrayEquals(first, store.sharedSecret("nonce", 32));
        }
    }

    @Test
    void aFileFromANewerVersionIsRefusedWithAClearError() throws Exception {
        open().close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = 7");
        }
        StateStoreException e = assertThrows(StateStoreException.class, this::open);
        assertTrue(e.getMessage().contains("newer version") && e.getMessage().contains("schema 7"), e.getMessage());
    }

    @Test
    void theFileIsInWalModeWithFullSync() throws Exception {
        try (SqliteStateStore store = open();
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.path());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void countersAreLocalAndMembershipIsThisNode() throws Exception {
        try (SqliteStateStore store = open()) {
            assertEquals(2, store.addToCounter("trunk:a", 2));
            assertEquals(1, store.addToCounter("trunk:a", -1));
            assertTrue(store.membership().isAlive("n1"));
            assertFalse(store.membership().isAlive("n2"));
            store.subscribe(c -> { throw new AssertionError("no remote changes"); },
                    s -> { throw new AssertionError("no resync"); });
        }
    }

    static int countRows(Path file, String space) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM state WHERE space = ?")) {
            s.setString(1, space);
            try (ResultSet rs = s.executeQuery()) {
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

package org.opensbc.state.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.Space;
import org.opensbc.state.StateRecord;
import org.opensbc.state.testing.ChildJvm;
import org.opensbc.state.write.WriterSettings;

/** The store in a process of its own: killed with -9, or unable to unpack its native library. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SqliteCrashTest {

    @TempDir
    Path dir;

    @Test
    void aKilledProcessLosesNothingItAcknowledged() throws Exception {
        int n = 20_000;
        Path marker = dir.resolve("acknowledged");
        Path data = dir.resolve("data");
        Process child = ChildJvm.start(dir.resolve("child.log"), List.of(), SqliteChild.class,
                "write", data.toString(), Integer.toString(n), marker.toString());
        try {
            awaitFile(marker, child);
            Thread.sleep(200); // let it be in the middle of writing bans
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        }
        try (SqliteStateStore store = SqliteStateStore.open(data, "n1", WriterSettings.defaults())) {
            List<StateRecord> bindings = store.load(Space.BINDING);
            Set<String> aors = new HashSet<>();
            bindings.forEach(r -> aors.add(r.id().group()));
            assertEquals(n, aors.size());
            assertTrue(aors.contains("sip:u0@example.com") && aors.contains("sip:u" + (n - 1) + "@example.com"));
            assertTrue(store.load(Space.BAN).size() > 0, "the kill came while bans were being written");
        }
    }

    @Test
    void aNativeLibraryThatCannotBeUnpackedIsNamedInTheError() throws Exception {
        Path marker = dir.resolve("error");
        Path nowhere = dir.resolve("no-such-tmp");
        Process child = ChildJvm.start(dir.resolve("child.log"), List.of("-Djava.io.tmpdir=" + nowhere),
                SqliteChild.class, "open", dir.resolve("data").toString(), marker.toString());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String error = Files.readString(marker);
        assertTrue(error.contains("native library") && error.contains(nowhere.toString()), error);
    }

    private static void awaitFile(Path marker, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(marker)) {
            assertTrue(child.isAlive(), "child died before acknowledging");
            assertTrue(System.nanoTime() < deadline, "no acknowledgement within 60 s");
            Thread.sleep(20);
        }
    }
}

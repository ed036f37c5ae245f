package org.opensbc.state.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file's upkeep on a thread of its own, off the writer's commits:
 * <ul>
 * <li>every {@value #SYNC_EVERY_MILLIS} ms, fsyncs the WAL. The writer commits with
 * {@code synchronous=NORMAL} (into the OS page cache, 29 us a commit here against 106 us of CPU
 * and 290 us of wall time with an fsync each), so a commit survives {@code kill -9} at once and
 * power loss once this sync has run. SQLite's frame checksums make a WAL cut anywhere safe: after
 * a power loss it replays every transaction up to the last whole commit on disk.</li>
 * <li>every second, copies the WAL back into the database file (PASSIVE: it never waits for, nor
 * blocks, the writer, whose automatic checkpoints are off).</li>
 * </ul>
 */
final class SqliteCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);
    static final long SYNC_EVERY_MILLIS = 100;
    private static final long CHECKPOINT_EVERY_MILLIS = 1_000;
    /** 64 MB of 4 KB pages: past this the WAL is rewound, making the writer wait for a moment. */
    private static final int TRUNCATE_ABOVE_FRAMES = 16_384;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "state-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /** Used on the checkpoint thread only. */
    private final Connection connection;
    private final Path wal;
    /** The WAL, opened at the first sync (SQLite creates it with the first write). Checkpoint thread only. */
    private FileChannel walChannel;
    private final AtomicLong walSyncs = new AtomicLong();
    /** The last sync failed; checkpoint thread only. */
    private boolean syncFailing;

    SqliteCheckpointer(SqliteFile file) throws SQLException {
        this.connection = file.connect();
        this.wal = Path.of(file.path() + "-wal");
        thread.scheduleWithFixedDelay(this::syncWal, SYNC_EVERY_MILLIS, SYNC_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_EVERY_MILLIS, CHECKPOINT_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** WAL fsyncs done so far (for tests). */
    long walSyncs() {
        return walSyncs.get();
    }

    private void syncWal() {
        try {
            if (walChannel == null) {
                // fsync works through any descriptor of the file; SQLite keeps the WAL (same inode,
                // truncated at most) while a connection is open, and this thread holds one
                walChannel = FileChannel.open(wal, StandardOpenOption.READ);
            }
            walChannel.force(false);
            walSyncs.incrementAndGet();
            if (syncFailing) {
                syncFailing = false;
                LOG.info("syncing the state file's WAL works again");
            }
        } catch (NoSuchFileException e) {
            // nothing written yet
        } catch (IOException e) {
            if (!syncFailing) { // one line per outage, not ten a second
                syncFailing = true;
                LOG.warn("syncing the state file's WAL failed (retried every {} ms, logged again when it works): {}",
                        SYNC_EVERY_MILLIS, e.toString());
            }
            closeWal();
        }
    }

    private void checkpoint() {
        try (Statement s = connection.createStatement()) {
            int walFrames;
            try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                walFrames = rs.getInt(2);
            }
            if (walFrames > TRUNCATE_ABOVE_FRAMES) {
                // under constant writes a passive checkpoint may never find the WAL idle to rewind it
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } catch (SQLException e) {
            LOG.warn("checkpointing the state file failed (retried in {} ms): {}", CHECKPOINT_EVERY_MILLIS,
                    e.toString());
        }
    }

    private void closeWal() {
        if (walChannel != null) {
            try {
                walChannel.close();
            } catch (IOException e) {
                LOG.debug("closing the WAL channel failed", e);
            }
            walChannel = null;
        }
    }

    /** Stops after a last sync; closing the last connection checkpoints whatever is left. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the state file's checkpoint did not finish within 5 s");
            }
            syncWal();
            closeWal();
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("closing the checkpoint connection failed: {}", e.toString());
        }
    }
}

package org.opensbc.state.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file on a thread of its own (PASSIVE: it never waits for,
 * nor blocks, the writer). The writer's connection has automatic checkpoints off, so no commit
 * (and no REGISTER waiting on it) pays for writing back and syncing the main file.
 */
final class SqliteCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);
    private static final long EVERY_MILLIS = 1_000;
    /** 64 MB of 4 KB pages: past this the WAL is rewound, making the writer wait for a moment. */
    private static final int TRUNCATE_ABOVE_FRAMES = 16_384;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "state-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /** Used on the checkpoint thread only. */
    private final Connection connection;

    SqliteCheckpointer(SqliteFile file) throws SQLException {
        this.connection = file.connect();
        thread.scheduleWithFixedDelay(this::checkpoint, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
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
            LOG.warn("checkpointing the state file failed (retried in {} ms): {}", EVERY_MILLIS, e.toString());
        }
    }

    /** Stops; closing the last connection checkpoints whatever is left. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the state file's checkpoint did not finish within 5 s");
            }
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("closing the checkpoint connection failed: {}", e.toString());
        }
    }
}

package org.opensbc.state.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.write.ChangeSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each batch in one transaction on its own connection. Confined to the writer thread. */
final class SqliteSink implements ChangeSink {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSink.class);

    private final SqliteFile file;
    private Connection connection;
    private PreparedStatement put;
    private PreparedStatement remove;

    SqliteSink(SqliteFile file) {
        this.file = file;
    }

    @Override
    public void write(Collection<StateChange> changes) throws SQLException {
        Connection c = connection();
        try {
            int puts = 0;
            int removes = 0;
            // each key appears once in a batch, so puts and removes may go in two groups
            for (StateChange change : changes) {
                if (change instanceof StateChange.Put p) {
                    bindPut(p.record());
                    puts++;
                } else {
                    bindKey(remove, change.id(), 1);
                    remove.addBatch();
                    removes++;
                }
            }
            if (puts > 0) {
                put.executeBatch();
            }
            if (removes > 0) {
                remove.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            reset();
            throw e;
        }
    }

    /** Deletes expired rows, so the file does not grow with bindings nobody refreshed. */
    @Override
    public void maintain(long nowMillis) throws SQLException {
        Connection c = connection();
        try (PreparedStatement purge = c.prepareStatement("DELETE FROM state WHERE expires > 0 AND expires <= ?")) {
            purge.setLong(1, nowMillis);
            int gone = purge.executeUpdate();
            c.commit();
            LOG.debug("purged {} expired rows", gone);
        } catch (SQLException e) {
            reset();
            throw e;
        }
    }

    private void bindPut(StateRecord r) throws SQLException {
        bindKey(put, r.id(), 1);
        put.setBytes(4, r.value());
        put.setLong(5, r.expiresAtMillis());
        put.addBatch();
    }

    static void bindKey(PreparedStatement s, StateKey k, int from) throws SQLException {
        s.setString(from, k.space().name());
        s.setString(from + 1, k.group());
        s.setString(from + 2, k.key());
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = file.connect();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint = 0"); // SqliteCheckpointer does it off this thread
            }
            c.setAutoCommit(false);
            put = c.prepareStatement("INSERT OR REPLACE INTO state (space, grp, key, value, expires) VALUES (?,?,?,?,?)");
            remove = c.prepareStatement("DELETE FROM state WHERE space = ? AND grp = ? AND key = ?");
            connection = c;
        }
        return connection;
    }

    /** After a failure, start again from a fresh connection (the failed transaction is rolled back). */
    private void reset() {
        close();
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback on close failed", e);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the state file's writer connection failed: {}", e.toString());
        }
        connection = null;
    }
}

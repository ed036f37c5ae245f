package org.opensbc.state.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.opensbc.state.LocalCounters;
import org.opensbc.state.Membership;
import org.opensbc.state.Secrets;
import org.opensbc.state.SingleNode;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.write.Reachability;
import org.opensbc.state.write.WriteBehind;
import org.opensbc.state.write.WriteBehindStore;
import org.opensbc.state.write.WriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store (the default): one SQLite file, {@code state.db} in the data directory, in
 * WAL mode with {@code synchronous=NORMAL}: a change acknowledged through {@link #whenWritten} is
 * committed, so it survives {@code kill -9}, and it survives power loss within
 * {@value SqliteCheckpointer#SYNC_EVERY_MILLIS} ms, when the WAL is fsynced. One writer thread
 * commits batches of changes in one transaction each; reads (start-up load, secrets) use a second
 * connection, and a third thread syncs the WAL and copies it back into the file
 * ({@link SqliteCheckpointer}).
 */
public final class SqliteStateStore extends WriteBehindStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStateStore.class);

    private final String nodeId;
    private final SqliteFile file;
    private final WriteBehind writer;
    private final SingleNode membership;
    private final LocalCounters counters = new LocalCounters();
    /** For load and secrets; guarded by itself (calls are rare: start-up). */
    private final Connection reader;
    private final SqliteCheckpointer checkpointer;

    private SqliteStateStore(String nodeId, SqliteFile file, Connection reader, SqliteCheckpointer checkpointer,
            WriterSettings settings) {
        this.nodeId = nodeId;
        this.file = file;
        this.reader = reader;
        this.checkpointer = checkpointer;
        this.membership = new SingleNode(nodeId);
        this.writer = new WriteBehind("sqlite", new SqliteSink(file), new Reachability(file.path().toString()),
                settings);
        this.writer.start();
    }

    public static SqliteStateStore open(Path dataDir, String nodeId, WriterSettings settings)
            throws StateStoreException {
        SqliteFile file = SqliteFile.open(dataDir, SQLiteConfig.SynchronousMode.NORMAL);
        try {
            return new SqliteStateStore(nodeId, file, file.connect(), new SqliteCheckpointer(file), settings);
        } catch (SQLException e) {
            throw new StateStoreException("cannot open the state file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /** The file the store keeps (for operators and tests). */
    public Path path() {
        return file.path();
    }

    /** WAL fsyncs done by the checkpoint thread so far (for tests). */
    long walSyncs() {
        return checkpointer.walSyncs();
    }

    /** PRAGMA synchronous of the file's connections, all opened alike (for tests): 1 is NORMAL. */
    int writerSynchronous() throws SQLException {
        synchronized (reader) {
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                return rs.getInt(1);
            }
        }
    }

    @Override
    protected WriteBehind writer() {
        return writer;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public List<StateRecord> load(Space space) throws StateStoreException {
        String sql = "SELECT grp, key, value, expires FROM state WHERE space = ? AND (expires = 0 OR expires > ?)";
        synchronized (reader) {
            try (PreparedStatement s = reader.prepareStatement(sql)) {
                s.setString(1, space.name());
                s.setLong(2, System.currentTimeMillis());
                List<StateRecord> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        StateKey id = new StateKey(space, rs.getString(1), rs.getString(2));
                        out.add(new StateRecord(id, rs.getBytes(3), rs.getLong(4)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new StateStoreException("cannot read " + space + " from " + file.path() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void subscribe(Consumer<StateChange> remoteChange, Consumer<Space> resynced) {
        // one node writes this file: nobody else changes anything
    }

    @Override
    public byte[] sharedSecret(String name, int length) throws StateStoreException {
        synchronized (reader) {
            try (PreparedStatement create = reader.prepareStatement("INSERT OR IGNORE INTO secret (name, value) VALUES (?, ?)");
                    PreparedStatement read = reader.prepareStatement("SELECT value FROM secret WHERE name = ?")) {
                create.setString(1, name);
                create.setBytes(2, Secrets.random(length));
                create.executeUpdate();
                read.setString(1, name);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    return rs.getBytes(1);
                }
            } catch (SQLException e) {
                throw new StateStoreException("cannot keep secret " + name + " in " + file.path() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Counters are this node's alone (no other node shares the file). */
    @Override
    public long addToCounter(String name, long delta) {
        return counters.add(name, delta);
    }

    @Override
    public Membership membership() {
        return membership;
    }

    @Override
    public void close() {
        writer.close();
        checkpointer.close();
        synchronized (reader) {
            try {
                reader.close();
            } catch (SQLException e) {
                LOG.warn("closing the state file's reader connection failed: {}", e.toString());
            }
        }
    }
}

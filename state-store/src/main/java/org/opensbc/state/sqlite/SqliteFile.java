package org.opensbc.state.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.opensbc.state.StateStoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;

/**
 * The file {@code state.db}: opening connections with the pragmas every connection needs, and the
 * schema, whose version is kept in {@code PRAGMA user_version}.
 */
final class SqliteFile {

    static final String FILE_NAME = "state.db";
    /** 1: table state (space, grp, key, value, expires) and table secret (name, value). */
    static final int SCHEMA_VERSION = 1;
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final Path file;
    private final SQLiteConfig.SynchronousMode synchronous;

    private SqliteFile(Path file, SQLiteConfig.SynchronousMode synchronous) {
        this.file = file;
        this.synchronous = synchronous;
    }

    /** Creates the directory and the schema if needed; refuses a file a newer version wrote. */
    static SqliteFile open(Path dataDir, SQLiteConfig.SynchronousMode synchronous) throws StateStoreException {
        loadNativeLibrary();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StateStoreException("cannot create the state directory " + dataDir + ": " + e, e);
        }
        SqliteFile f = new SqliteFile(dataDir.resolve(FILE_NAME), synchronous);
        try (Connection c = f.connect(); Statement s = c.createStatement()) {
            f.migrate(s);
        } catch (SQLException e) {
            throw new StateStoreException("cannot open the state file " + f.file + ": " + e.getMessage(), e);
        }
        return f;
    }

    Path path() {
        return file;
    }

    Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    private void migrate(Statement s) throws SQLException, StateStoreException {
        int version;
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > SCHEMA_VERSION) {
            throw new StateStoreException("the state file " + file + " was written by a newer version of the gateway"
                    + " (schema " + version + "; this one reads up to " + SCHEMA_VERSION
                    + "): run the newer version, or move the file away to start empty");
        }
        if (version == SCHEMA_VERSION) {
            return;
        }
        s.executeUpdate("CREATE TABLE IF NOT EXISTS state (space TEXT NOT NULL, grp TEXT NOT NULL, key TEXT NOT NULL,"
                + " value BLOB NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY (space, grp, key)) WITHOUT ROWID");
        s.executeUpdate("CREATE TABLE IF NOT EXISTS secret (name TEXT PRIMARY KEY, value BLOB NOT NULL)");
        s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
    }

    /** sqlite-jdbc unpacks its native library into a temp directory; say so when that fails. */
    private static void loadNativeLibrary() throws StateStoreException {
        try {
            SQLiteJDBCLoader.initialize();
        } catch (Exception | LinkageError e) {
            String tmp = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
            throw new StateStoreException("cannot load SQLite's native library: sqlite-jdbc extracts it to " + tmp
                    + " (java.io.tmpdir, or org.sqlite.tmpdir), which must exist, be writable and allow"
                    + " executables (not mounted noexec): " + e, e);
        }
    }
}

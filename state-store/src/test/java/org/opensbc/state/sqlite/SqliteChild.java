package org.opensbc.state.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.opensbc.state.Space;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.testing.Records;
import org.opensbc.state.write.WriterSettings;

/**
 * Run in a child JVM by {@link SqliteStateStoreTest}. {@code write DIR N MARKER}: submits N
 * bindings, creates MARKER once they are acknowledged, then goes on writing bans (to be killed with -9 meanwhile).
 * {@code open DIR MARKER}: opens the store and writes the error it got into MARKER.
 */
public final class SqliteChild {

    private SqliteChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("open")) {
            try (SqliteStateStore store = SqliteStateStore.open(dir, "child", WriterSettings.defaults())) {
                Files.writeString(Path.of(args[2]), "opened " + store.path());
            } catch (StateStoreException e) {
                Files.writeString(Path.of(args[2]), e.getMessage());
            }
            return;
        }
        int n = Integer.parseInt(args[2]);
        Path marker = Path.of(args[3]);
        SqliteStateStore store = SqliteStateStore.open(dir, "child", WriterSettings.defaults());
        long expires = System.currentTimeMillis() + 3_600_000;
        for (int i = 0; i < n; i++) {
            if (!store.submit(Records.put(Space.BINDING, "sip:u" + i + "@example.com", "k", "v" + i, expires))) {
                throw new IllegalStateException("queue full at " + i);
            }
        }
        store.whenWritten(() -> {
            try {
                Files.writeString(marker, "acknowledged");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // keep writing (unacknowledged) so the kill lands in the middle of a commit, bounded at 2 minutes
        long until = System.currentTimeMillis() + 120_000;
        for (int i = 0; System.currentTimeMillis() < until; i++) {
            store.submit(Records.put(Space.BAN, "auth", "10.0.0." + i, "", expires));
            if (i % 1_000 == 0) {
                Thread.sleep(1);
            }
        }
    }
}

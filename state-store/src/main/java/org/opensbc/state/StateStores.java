package org.opensbc.state;

import java.nio.file.Path;
import java.util.Locale;

import org.opensbc.state.redis.RedisStateStore;
import org.opensbc.state.sqlite.SqliteStateStore;
import org.opensbc.state.write.WriterSettings;

/** Opens the store the configuration names; the gateway calls this once at start. */
public final class StateStores {

    /** What {@code state.store} may say. */
    public enum Kind {
        /** The default: {@code state.db} (SQLite) in the data directory. */
        EMBEDDED,
        /** Shared by several nodes: {@code state.redis.url}. */
        REDIS,
        /** Nothing survives the process (tests). */
        MEMORY;

        /** Reads a configured name ("embedded", "redis", "memory"; "sqlite" is taken for "embedded"). */
        public static Kind parse(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            return switch (n) {
                case "embedded", "sqlite" -> EMBEDDED;
                case "redis" -> REDIS;
                case "memory" -> MEMORY;
                default -> throw new IllegalArgumentException("state.store must be embedded, redis or memory, not \""
                        + name + "\"");
            };
        }
    }

    public static final String DEFAULT_PREFIX = "sbc:";

    private StateStores() {
    }

    /**
     * @param dataDir  where the embedded store keeps {@code state.db} (created if missing)
     * @param redisUrl {@code redis://}, {@code rediss://} or {@code redis-sentinel://}; only for REDIS
     * @param prefix   put before every Redis key; null for {@link #DEFAULT_PREFIX}
     * @throws StateStoreException when the store cannot be opened: the gateway refuses to start with its message
     */
    public static StateStore open(Kind kind, Path dataDir, String redisUrl, String prefix, String nodeId)
            throws StateStoreException {
        return open(kind, dataDir, redisUrl, prefix, nodeId, WriterSettings.defaults());
    }

    public static StateStore open(Kind kind, Path dataDir, String redisUrl, String prefix, String nodeId,
            WriterSettings settings) throws StateStoreException {
        return switch (kind) {
            case EMBEDDED -> SqliteStateStore.open(dataDir, nodeId, settings);
            case REDIS -> {
                if (redisUrl == null || redisUrl.isBlank()) {
                    throw new StateStoreException("state.store is redis but state.redis.url is not set");
                }
                yield RedisStateStore.open(redisUrl, prefix == null ? DEFAULT_PREFIX : prefix, nodeId, settings);
            }
            case MEMORY -> new MemoryStateStore(nodeId);
        };
    }
}

package org.opensbc.state;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where the gateway keeps what must outlive its process: bindings, bans, trunk registrations and
 * a record of each call in progress. The gateway serves every read from its own memory; the
 * store is written behind it (never on the SIP thread's time) and read back at start.
 *
 * <p>Implementations: {@code MemoryStateStore} (nothing survives; tests), {@code SqliteStateStore}
 * (the default, a file in dataDir), {@code RedisStateStore} (several nodes share it).
 */
public interface StateStore extends AutoCloseable {

    /** This node's id (records of calls and flow owners carry it). */
    String nodeId();

    /** Every unexpired record of a space, read at start (blocks; may take seconds for many). */
    List<StateRecord> load(Space space) throws StateStoreException;

    /**
     * Queues a change; never blocks. Changes to one key are written in the order submitted.
     *
     * @return false when the queue is full (the store is down or far behind): the caller refuses
     *         what it cannot keep (a REGISTER gets 503 with Retry-After)
     */
    boolean submit(StateChange change);

    /**
     * Runs {@code then} once every change submitted before this call is written (the embedded
     * store: committed to its file), on the store's writer thread; at once when nothing is
     * queued. While the store is unreachable the changes stay queued and {@code then} runs at
     * once, so a reply never waits on an outage. The registrar answers a REGISTER from here:
     * a binding that was acknowledged survives {@code kill -9}.
     */
    void whenWritten(Runnable then);

    /**
     * Changes other nodes made, delivered on the store's own thread, in order per key. Never
     * called by an embedded store. After the store was unreachable, it calls {@code resynced}
     * with everything of each space again (changes may have been missed meanwhile).
     */
    void subscribe(Consumer<StateChange> remoteChange, Consumer<Space> resynced);

    /**
     * A secret shared by every node and kept across restarts (the digest nonce key): read, or
     * created with {@code length} random bytes by the first node that asks.
     */
    byte[] sharedSecret(String name, int length) throws StateStoreException;

    /**
     * Adds {@code delta} to this node's share of a counter (calls on a trunk) and returns the sum
     * over live nodes as last known (refreshed with each heartbeat, so at most a few seconds old
     * for other nodes' shares; this node's own share is always current).
     */
    long addToCounter(String name, long delta);

    Membership membership();

    StoreHealth health();

    /** Writes what is queued (up to a few seconds), then closes. */
    @Override
    void close();
}

package org.opensbc.state.write;

import java.util.Collection;

import org.opensbc.state.StateChange;

/** Where the writer puts its batches: the SQLite file or Redis. Called on the writer thread only. */
public interface ChangeSink extends AutoCloseable {

    /**
     * Writes the changes, in order, all or (on failure) possibly part of them: a failed batch is
     * written again, so each change must be idempotent.
     */
    void write(Collection<StateChange> changes) throws Exception;

    /** Called when the queue has been idle for a while and on a fixed period (purging expired rows). */
    default void maintain(long nowMillis) throws Exception {
    }

    @Override
    void close();
}

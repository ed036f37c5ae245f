package org.opensbc.state.write;

import org.opensbc.state.StateChange;
import org.opensbc.state.StateStore;
import org.opensbc.state.StoreHealth;

/** A store whose writes go through a {@link WriteBehind}: the queue's part of the contract, once. */
public abstract class WriteBehindStore implements StateStore {

    protected abstract WriteBehind writer();

    @Override
    public final boolean submit(StateChange change) {
        return writer().submit(change);
    }

    @Override
    public final void whenWritten(Runnable then) {
        writer().whenWritten(then);
    }

    @Override
    public final StoreHealth health() {
        return writer().health();
    }
}

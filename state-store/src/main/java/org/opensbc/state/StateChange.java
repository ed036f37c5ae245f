package org.opensbc.state;

/** A write: a record stored (replacing one with the same key) or removed. */
public sealed interface StateChange {

    StateKey id();

    record Put(StateRecord record) implements StateChange {
        @Override
        public StateKey id() {
            return record.id();
        }
    }

    record Remove(StateKey id) implements StateChange { }
}

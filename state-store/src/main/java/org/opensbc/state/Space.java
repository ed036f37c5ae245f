package org.opensbc.state;

/** The kinds of state a gateway keeps; each is a separate keyspace in every store. */
public enum Space {
    /** group: the AOR; key: the binding's key within it (instance#reg-id or contact URI). */
    BINDING,
    /** group: the kind of ban ("auth", "rate"); key: the source address; value: empty, expiry = ban end. */
    BAN,
    /** group: the registering node's id (each node registers its own Contact); key: the trunk's name. */
    TRUNK_REGISTRATION,
    /** group: the owning node's id; key: the call's id. No expiry: removed when the call ends. */
    CALL
}

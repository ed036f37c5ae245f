package org.opensbc.media.relay;

/** The two sides of a relayed call: the one that called and the one that was called. */
public enum Side {
    CALLER, CALLEE;

    public Side other() {
        return this == CALLER ? CALLEE : CALLER;
    }
}

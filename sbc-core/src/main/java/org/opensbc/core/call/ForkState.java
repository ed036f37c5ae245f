package org.opensbc.core.call;

/**
 * What the machine knows of one fork (an outgoing INVITE of the call).
 *
 * @param viaTrunk        the fork holds a trunk's call slot: its 408/5xx fail over to the next trunk
 * @param provisionalSeen a provisional (not 100) arrived, so a CANCEL may be sent (RFC 3261 9.1)
 * @param cancelPending   a CANCEL is wanted but waits for the first provisional
 * @param finished        a final response arrived, or the fork was given up
 * @param abandoned       given up for lack of any response: a late 2xx is ACKed and hung up
 */
public record ForkState(boolean viaTrunk, boolean provisionalSeen, boolean cancelPending, boolean finished,
        boolean abandoned) {

    static ForkState started(boolean viaTrunk) {
        return new ForkState(viaTrunk, false, false, false, false);
    }

    ForkState withProvisional() {
        return new ForkState(viaTrunk, true, cancelPending, finished, abandoned);
    }

    ForkState withCancelPending(boolean pending) {
        return new ForkState(viaTrunk, provisionalSeen, pending, finished, abandoned);
    }

    ForkState asFinished() {
        return new ForkState(viaTrunk, provisionalSeen, cancelPending, true, abandoned);
    }

    ForkState asAbandoned() {
        return new ForkState(viaTrunk, provisionalSeen, cancelPending, finished, true);
    }

    /** The five flags as the low bits of one byte (the compact record's form). */
    int bits() {
        return (viaTrunk ? 1 : 0) | (provisionalSeen ? 2 : 0) | (cancelPending ? 4 : 0) | (finished ? 8 : 0)
                | (abandoned ? 16 : 0);
    }

    static ForkState ofBits(int bits) {
        if ((bits & ~31) != 0) {
            throw new IllegalArgumentException("fork flags " + bits);
        }
        return new ForkState((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0);
    }
}

package org.opensbc.core.b2bua;

import javax.sip.address.URI;
import org.opensbc.core.trunk.Trunk;

/**
 * One destination of a call's outgoing INVITE: the Request-URI to put on it, the To it shows, and
 * where it is actually sent.
 *
 * @param tcpCapable the target is known to take TCP at the same address, so a request too large
 *                   for UDP may switch (a registered phone is not: it may be behind NAT, or
 *                   listen on UDP only)
 * @param trunk      the trunk whose call slot this target holds (released with the leg), or null
 */
record CallTarget(URI requestUri, URI toUri, NextHop hop, boolean tcpCapable, Trunk trunk) {

    /** The same destination holding no call slot (a MESSAGE to a trunk). */
    CallTarget withoutSlot() {
        return new CallTarget(requestUri, toUri, hop, tcpCapable, null);
    }

    /** Gives back the trunk's call slot of a target that never became a leg. */
    void releaseTrunk() {
        if (trunk != null) {
            trunk.release();
        }
    }
}

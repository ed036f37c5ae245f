package org.opensbc.core.registrar;

/**
 * One registered contact of an AOR. Immutable and kept small: a gateway holds tens of thousands.
 *
 * @param key             identity within the AOR (instance#reg-id or the contact URI)
 * @param contactHeader   the Contact value as registered, without expires
 * @param contactUri      the contact URI
 * @param expiresAtMillis when the binding lapses (epoch millis)
 * @param route           NAT alias "UDP:ip:port" to use instead of the contact address, or null
 * @param flow            owning WebSocket flow, or null
 * @param natReason       why requests go to {@code route} or {@code flow}, not to the Contact; null: the Contact is right
 * @param branchHash      hash of the Via branch of the REGISTER that made it (retransmission test)
 * @param registeredAtMillis when it was last registered or refreshed (RFC 5626: the newest flow of an
 *                        instance is the one to use)
 * @param node            the gateway node the REGISTER came to: the one that holds its connection
 * @param connectionLost  its connection ({@code flow}, or a TCP/TLS {@code route}) died with a
 *                        restart of its node: unreachable until the client registers again
 */
public record Binding(String key, String contactHeader, String contactUri, String instance, int regId,
        String callId, long cseq, long expiresAtMillis, String route, String flow, String natReason, int branchHash,
        long registeredAtMillis, String node, boolean connectionLost) {

    /** Reached at its source address over UDP: its NAT binding needs keepalives. */
    public boolean natted() {
        return natReason != null && route != null && route.startsWith("UDP:");
    }

    /**
     * Reached only over the connection its REGISTER came on (a WebSocket, or TCP/TLS from behind
     * NAT): only the node holding that connection can deliver to it.
     */
    public boolean connectionBound() {
        return flow != null || route != null && (route.startsWith("TCP:") || route.startsWith("TLS:"));
    }

    public int secondsLeft(long nowMillis) {
        return (int) Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
    }

    /** The same binding after its node restarted: its connection is gone. */
    public Binding withConnectionLost() {
        return new Binding(key, contactHeader, contactUri, instance, regId, callId, cseq, expiresAtMillis, route, flow,
                natReason, branchHash, registeredAtMillis, node, true);
    }
}

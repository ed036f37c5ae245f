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
 */
public record Binding(String key, String contactHeader, String contactUri, String instance, int regId,
        String callId, long cseq, long expiresAtMillis, String route, String flow, String natReason, int branchHash,
        long registeredAtMillis) {

    /** Reached at its source address over UDP: its NAT binding needs keepalives. */
    public boolean natted() {
        return natReason != null && route != null && route.startsWith("UDP:");
    }

    public int secondsLeft(long nowMillis) {
        return (int) Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
    }
}

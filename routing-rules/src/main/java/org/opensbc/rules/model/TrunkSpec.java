package org.opensbc.rules.model;

import java.util.List;
import org.opensbc.rules.match.Cidr;

/**
 * A trunk as routing.yaml describes it: a PBX or carrier the gateway sends calls to and takes
 * calls from. Names are resolved and health is tracked by the gateway, not here.
 *
 * @param transport     udp, tcp or tls
 * @param tcp           a UDP trunk that also takes TCP on the same port (RFC 3261 18.1.1 switch)
 * @param sources       addresses whose requests are this trunk's (IP authentication); empty:
 *                      the address its host resolves to
 * @param digest        credentials for the trunk's challenges, or null (IP-authenticated)
 * @param maxCalls      concurrent calls through it (0: no limit); beyond, it is skipped (503 when none is left)
 * @param health        OPTIONS checks, or null for none
 * @param tls           how a TLS trunk's certificate is checked, or null: against the JDK's trust
 *                      store (the trunk's host must be named in the certificate either way)
 */
public record TrunkSpec(String name, String host, int port, String transport, boolean tcp, List<Cidr> sources,
        Digest digest, int maxCalls, Health health, Tls tls) {

    /** A trunk as it was written before TLS settings existed (no {@code tls:}). */
    public TrunkSpec(String name, String host, int port, String transport, boolean tcp, List<Cidr> sources,
            Digest digest, int maxCalls, Health health) {
        this(name, host, port, transport, tcp, sources, digest, maxCalls, health, null);
    }

    /**
     * @param caFile      the PEM file of the certificate authorities its certificate must chain to
     * @param authorities the certificates read from it when the rules were loaded
     */
    public record Tls(java.nio.file.Path caFile, List<java.security.cert.X509Certificate> authorities) { }

    /**
     * @param register      REGISTER to the trunk with these credentials (a provider account)
     * @param expiresSeconds the registration's asked lifetime
     */
    public record Digest(String username, String password, String realm, boolean register, int expiresSeconds) {
        /** Never the password: specs end up in logs and traces. */
        @Override
        public String toString() {
            return "Digest[username=" + username + ", password=****, realm=" + realm + ", register=" + register
                    + ", expiresSeconds=" + expiresSeconds + "]";
        }
    }

    /**
     * @param intervalSeconds between OPTIONS
     * @param downAfter       consecutive failures (no answer) that mark it down
     * @param upAfter         consecutive answers that bring it back
     */
    public record Health(int intervalSeconds, int downAfter, int upAfter) { }
}

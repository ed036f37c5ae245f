package org.opensbc.sip;

import javax.net.ssl.X509ExtendedKeyManager;
import org.opensbc.sip.tls.TlsPeers;

/**
 * The typed knobs of the SIP stack; {@link SipStackFactory} is the one place that turns them into
 * JAIN-SIP's gov.nist property strings.
 *
 * @param name            stack name (also used in thread names)
 * @param maxMessageSize  largest SIP message accepted, bytes; larger ones get 513 or are dropped
 * @param threadPoolSize  threads that run the application listener (re-entrant listener mode)
 * @param maxServerTransactions  server transactions kept before the stack sheds load with 503
 * @param tlsKeys         the certificate and key the TLS listener serves, or null when TLS is off
 * @param tlsPeers        what decides about the servers the gateway connects to over TLS (with tlsKeys)
 */
public record SipStackSettings(String name, int maxMessageSize, int threadPoolSize,
        int maxServerTransactions, X509ExtendedKeyManager tlsKeys, TlsPeers tlsPeers) {

    public SipStackSettings {
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("maxMessageSize must be at least 1024: " + maxMessageSize);
        }
        if (threadPoolSize < 1) {
            throw new IllegalArgumentException("threadPoolSize must be positive: " + threadPoolSize);
        }
        if ((tlsKeys == null) != (tlsPeers == null)) {
            throw new IllegalArgumentException("TLS needs both its keys and its peer checks");
        }
    }
}

package org.opensbc.sip;

/**
 * The typed knobs of the SIP stack; {@link SipStackFactory} is the one place that turns them into
 * JAIN-SIP's gov.nist property strings.
 *
 * @param name            stack name (also used in thread names)
 * @param maxMessageSize  largest SIP message accepted, bytes; larger ones get 513 or are dropped
 * @param threadPoolSize  threads that run the application listener (re-entrant listener mode)
 * @param maxServerTransactions  server transactions kept before the stack sheds load with 503
 * @param tlsCertificatePem PEM certificate chain for SIP over TLS, or null when TLS is off
 * @param tlsPrivateKeyPem  its PKCS#8 PEM private key, or null
 */
public record SipStackSettings(String name, int maxMessageSize, int threadPoolSize,
        int maxServerTransactions, java.nio.file.Path tlsCertificatePem, java.nio.file.Path tlsPrivateKeyPem) {

    public SipStackSettings {
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("maxMessageSize must be at least 1024: " + maxMessageSize);
        }
        if (threadPoolSize < 1) {
            throw new IllegalArgumentException("threadPoolSize must be positive: " + threadPoolSize);
        }
    }
}

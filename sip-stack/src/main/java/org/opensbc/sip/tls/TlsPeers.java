package org.opensbc.sip.tls;

import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The application's say over the TLS servers the gateway connects to (trunks, mostly): whether a
 * server's certificate is to be trusted, and what happens when such a connection fails.
 */
public interface TlsPeers {

    /**
     * Checks the certificate chain the server at {@code peer} presented.
     *
     * @throws CertificateException its one-line message says why the server is not trusted
     */
    void checkServer(X509Certificate[] chain, String authType, InetSocketAddress peer) throws CertificateException;

    /**
     * An outgoing TLS connection to {@code peer} failed its handshake (a refusal by
     * {@link #checkServer} included). Called on the stack's network thread: do not block.
     *
     * @param reason one line
     */
    void handshakeFailed(InetSocketAddress peer, String reason);
}

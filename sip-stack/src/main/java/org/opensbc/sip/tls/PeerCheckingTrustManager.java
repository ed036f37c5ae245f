package org.opensbc.sip.tls;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Hands the check of a server's certificate to {@link TlsPeers} with the address the gateway
 * connected to (JAIN-SIP creates its engines without one, so {@link TlsClientChannel} supplies
 * it). Client certificates, which the gateway does not ask for, go to the JDK's trust store.
 */
final class PeerCheckingTrustManager extends X509ExtendedTrustManager {

    private final TlsPeers peers;
    private final X509TrustManager jdk;

    PeerCheckingTrustManager(TlsPeers peers) throws GeneralSecurityException {
        this.peers = peers;
        this.jdk = jdkDefault();
    }

    /** The JDK's default trust store (cacerts, or javax.net.ssl.trustStore). */
    static X509TrustManager jdkDefault() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in this JDK");
    }

    private void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        InetSocketAddress peer = TlsClientChannel.handshakePeer();
        if (peer == null) {
            throw new CertificateException("a TLS connection the gateway did not open itself: no peer to check against");
        }
        peers.checkServer(chain, authType, peer);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}

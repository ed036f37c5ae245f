package org.opensbc.core.trunk;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.net.ssl.X509TrustManager;
import org.opensbc.sip.tls.ServerIdentity;
import org.opensbc.sip.tls.TlsPeers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS servers the gateway trusts: a trunk's certificate must chain to its {@code tls.caFile}
 * (else the JDK's trust store) and name its host; any other server (a phone whose own connection
 * is gone) must chain to the JDK's trust store and name the address connected to. A failed
 * connection is logged once, in one line naming the trunk and why, and reported on (calls waiting
 * on it fail over at once).
 */
public final class TrunkTlsPeers implements TlsPeers {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkTlsPeers.class);

    private final Supplier<TrunkDirectory> trunks;
    private final X509TrustManager jdk;
    private volatile BiConsumer<InetSocketAddress, String> onFailure = (peer, reason) -> { };

    public TrunkTlsPeers(Supplier<TrunkDirectory> trunks) throws GeneralSecurityException {
        this.trunks = trunks;
        this.jdk = ServerIdentity.jdkTrust();
    }

    /** Who hears of failed connections (the calls waiting on them); runs on a network thread. */
    public void onFailure(BiConsumer<InetSocketAddress, String> listener) {
        onFailure = listener;
    }

    @Override
    public void checkServer(X509Certificate[] chain, String authType, InetSocketAddress peer) throws CertificateException {
        String ip = peer.getAddress().getHostAddress();
        Trunk trunk = trunks.get().tlsAt(ip, peer.getPort());
        if (trunk != null) {
            trunk.checkCertificate(chain, authType);
        } else {
            ServerIdentity.verify(jdk, "the JDK's trust store", chain, authType, ip);
        }
    }

    @Override
    public void handshakeFailed(InetSocketAddress peer, String reason) {
        String ip = peer.getAddress().getHostAddress();
        Trunk trunk = trunks.get().tlsAt(ip, peer.getPort());
        if (trunk != null) {
            LOG.warn("TLS to trunk {} ({}:{}) failed, calls fail over: {}", trunk.name(), ip, peer.getPort(), reason);
        } else {
            LOG.warn("TLS to {}:{} failed: {}", ip, peer.getPort(), reason);
        }
        onFailure.accept(peer, reason);
    }
}

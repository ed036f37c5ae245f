package org.opensbc.sip.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The gateway's own certificate and key, shared by every TLS listener (SIP over TLS, WSS) and
 * replaceable while running: each new handshake takes the pair in force, connections already
 * open keep the one they began with. Each pair gets its own alias, so a handshake that chose
 * its alias just before a swap still finds that pair's chain and key.
 */
public final class ReloadableKeyManager extends X509ExtendedKeyManager {

    /** One loaded pair under its alias. */
    private record Generation(String alias, X509ExtendedKeyManager keys, PemKeyPair pair) { }

    private final AtomicInteger counter = new AtomicInteger();
    private volatile Generation current;
    private volatile Generation previous;

    private ReloadableKeyManager(PemKeyPair pair) throws GeneralSecurityException {
        current = generation(pair);
    }

    /** @throws GeneralSecurityException a pair that cannot be read or does not belong together */
    public static ReloadableKeyManager load(Path certificate, Path privateKey) throws IOException, GeneralSecurityException {
        return new ReloadableKeyManager(PemKeyPair.read(certificate, privateKey));
    }

    /**
     * Puts a new pair in force for the handshakes to come.
     *
     * @throws GeneralSecurityException the pair is unreadable or mismatched: the one in force stays
     */
    public synchronized void replace(Path certificate, Path privateKey) throws IOException, GeneralSecurityException {
        Generation next = generation(PemKeyPair.read(certificate, privateKey));
        previous = current;
        current = next;
    }

    /** The leaf certificate new handshakes present. */
    public X509Certificate certificate() {
        return current.pair().chain()[0];
    }

    private Generation generation(PemKeyPair pair) throws GeneralSecurityException {
        String alias = "sbc-" + counter.incrementAndGet();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] transientPassword = new char[0];
            store.setKeyEntry(alias, pair.key(), transientPassword, pair.chain());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, transientPassword);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x509) {
                    return new Generation(alias, x509, pair);
                }
            }
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
        throw new GeneralSecurityException("no X.509 key manager in this JDK");
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return current.keys().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return current.keys().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return current.keys().chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.keys().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current.keys().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current.keys().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509Certificate[] chain = current.keys().getCertificateChain(alias);
        Generation before = previous;
        return chain != null || before == null ? chain : before.keys().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        PrivateKey key = current.keys().getPrivateKey(alias);
        Generation before = previous;
        return key != null || before == null ? key : before.keys().getPrivateKey(alias);
    }
}

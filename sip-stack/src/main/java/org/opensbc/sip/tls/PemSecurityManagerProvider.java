package org.opensbc.sip.tls;

import gov.nist.core.net.SecurityManagerProvider;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Gives JAIN-SIP's TLS transport the gateway's own key manager (the PEM pair the operator
 * configured or the gateway generated, reloadable: {@link ReloadableKeyManager}) and its check of
 * the servers it connects to ({@link TlsPeers}): no key store file, no password on disk, and none
 * of the default provider's warnings when TLS is off. JAIN-SIP instantiates this by class name
 * and passes only string properties, so {@link #offer} parks the objects under the name that
 * the property {@link #MATERIAL} carries until the stack picks them up.
 */
public final class PemSecurityManagerProvider implements SecurityManagerProvider {

    public static final String MATERIAL = "org.opensbc.sip.tls.MATERIAL";

    private static final Map<String, Material> WAITING = new ConcurrentHashMap<>();

    private record Material(X509ExtendedKeyManager keys, TlsPeers peers) { }

    private KeyManager[] keyManagers = new KeyManager[0];
    private TrustManager[] trustManagers;

    /** Parks what the stack about to be created under {@code name} will use; taken by {@link #init}. */
    public static void offer(String name, X509ExtendedKeyManager keys, TlsPeers peers) {
        WAITING.put(name, new Material(keys, peers));
    }

    /** Forgets what {@link #offer} parked, when the stack was not created after all. */
    public static void withdraw(String name) {
        WAITING.remove(name);
    }

    @Override
    public void init(Properties properties) throws GeneralSecurityException {
        String name = properties.getProperty(MATERIAL);
        Material material = name == null ? null : WAITING.remove(name);
        if (material == null) {
            trustManagers = new TrustManager[] {PeerCheckingTrustManager.jdkDefault()};
            return; // TLS listener off: nothing to serve, nobody to call
        }
        keyManagers = new KeyManager[] {material.keys()};
        trustManagers = new TrustManager[] {new PeerCheckingTrustManager(material.peers())};
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return keyManagers;
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return trustManagers;
    }
}

package org.opensbc.sip.tls;

import gov.nist.core.net.SecurityManagerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Gives JAIN-SIP's TLS transport its key straight from the PEM certificate chain and PKCS#8 key
 * the operator configured (or the gateway generated): no key store file, no password on disk,
 * and none of the default provider's warnings when TLS is off. Peers are checked against the
 * JDK's default trust store. Instantiated by JAIN-SIP by class name; paths come from the stack
 * properties {@link #CERTIFICATE} and {@link #PRIVATE_KEY}.
 */
public final class PemSecurityManagerProvider implements SecurityManagerProvider {

    public static final String CERTIFICATE = "org.opensbc.sip.tls.CERTIFICATE_PEM";
    public static final String PRIVATE_KEY = "org.opensbc.sip.tls.PRIVATE_KEY_PEM";

    private KeyManager[] keyManagers = new KeyManager[0];
    private TrustManager[] trustManagers;

    @Override
    public void init(Properties properties) throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        trustManagers = tmf.getTrustManagers();
        String cert = properties.getProperty(CERTIFICATE);
        String key = properties.getProperty(PRIVATE_KEY);
        if (cert == null || key == null) {
            return; // TLS listener off: nothing to serve
        }
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(Path.of(cert))) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        }
        if (chain.length == 0) {
            throw new GeneralSecurityException(cert + ": no certificate found");
        }
        PrivateKey privateKey = privateKey(Path.of(key), chain[0].getPublicKey().getAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] transientPassword = new char[0];
        store.setKeyEntry("sbc", privateKey, transientPassword, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, transientPassword);
        keyManagers = kmf.getKeyManagers();
    }

    /** An unencrypted PKCS#8 "BEGIN PRIVATE KEY" block (what the gateway writes and openssl emits). */
    static PrivateKey privateKey(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY)");
        }
        String base64 = text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
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

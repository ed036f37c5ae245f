package org.opensbc.core.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Turns PEM certificate + key into the PKCS#12 key store JAIN-SIP's TLS transport wants. The store
 * and its random password live in the data directory; they are rebuilt at every start.
 */
public final class PemKeyStore {

    /** Path and password of the written key store. */
    public record Written(Path path, String password) { }

    private PemKeyStore() {
    }

    public static Written write(Path certificatePem, Path keyPem, Path dataDir) throws IOException {
        try {
            List<Certificate> chain = new ArrayList<>();
            try (Reader r = Files.newBufferedReader(certificatePem, StandardCharsets.US_ASCII);
                 PEMParser parser = new PEMParser(r)) {
                for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                    if (o instanceof X509CertificateHolder holder) {
                        chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                    }
                }
            }
            PrivateKey key;
            try (Reader r = Files.newBufferedReader(keyPem, StandardCharsets.US_ASCII);
                 PEMParser parser = new PEMParser(r)) {
                Object o = parser.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (o instanceof PEMKeyPair pair) {
                    key = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (o instanceof PrivateKeyInfo info) {
                    key = converter.getPrivateKey(info);
                } else {
                    throw new IOException(keyPem + ": no unencrypted private key found");
                }
            }
            if (chain.isEmpty()) {
                throw new IOException(certificatePem + ": no certificate found");
            }
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("sbc", key, password.toCharArray(), chain.toArray(Certificate[]::new));
            Path path = dataDir.resolve("tls").resolve("sip-tls.p12");
            Files.createDirectories(path.getParent());
            try (OutputStream out = Files.newOutputStream(path)) {
                store.store(out, password.toCharArray());
            }
            return new Written(path, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS key store: " + e.getMessage(), e);
        }
    }
}

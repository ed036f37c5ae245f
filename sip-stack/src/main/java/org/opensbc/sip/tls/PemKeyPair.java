package org.opensbc.sip.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * A PEM certificate chain and its unencrypted PKCS#8 private key (what the gateway generates and
 * what {@code openssl pkcs8 -topk8 -nocrypt} writes), read and checked to belong together.
 */
public record PemKeyPair(X509Certificate[] chain, PrivateKey key) {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    /** @throws GeneralSecurityException unreadable PEM, no certificate, or a key that is not the certificate's */
    public static PemKeyPair read(Path certificate, Path privateKey) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(certificate);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certificate + ": no certificate found");
        }
        PrivateKey key = privateKey(privateKey, chain.get(0).getPublicKey().getAlgorithm());
        PemKeyPair pair = new PemKeyPair(chain.toArray(X509Certificate[]::new), key);
        if (!pair.matches()) {
            throw new GeneralSecurityException(privateKey + " is not the private key of the certificate in " + certificate);
        }
        return pair;
    }

    /** Every certificate in a PEM file, in order. */
    public static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }

    private static PrivateKey privateKey(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY)");
        }
        String base64 = text.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(pem + ": not base64 PEM: " + e.getMessage(), e);
        }
    }

    /** The key signs what the certificate's public key verifies (a pair swapped halfway would not). */
    private boolean matches() throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // nothing to check it with; the TLS handshake will tell
        }
        byte[] probe = "sbc key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(chain[0].getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }
}

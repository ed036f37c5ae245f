package org.opensbc.core.it;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time (never committed): a test CA and the certificates it signs, as
 * PEM files and as SSL contexts for the tests' own TLS peers.
 */
final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key pair and its certificate; {@code issuer} signed it (itself, for a CA). */
    record Issued(KeyPair keys, X509Certificate certificate) {

        BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /** Writes {@code name}-cert.pem and {@code name}-key.pem (PKCS#8) into {@code dir}. */
        PemPair write(Path dir, String name) throws IOException {
            Path cert = dir.resolve(name + "-cert.pem");
            Path key = dir.resolve(name + "-key.pem");
            Files.writeString(cert, pem(certificate));
            Files.writeString(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            return new PemPair(cert, key);
        }

        /** Server (or client) side: presents this certificate. */
        SSLContext serverContext() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("k", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        }
    }

    record PemPair(Path certificate, Path privateKey) { }

    private TestCertificates() {
    }

    static Issued authority(String commonName) throws GeneralSecurityException, IOException {
        KeyPair keys = ecKeys();
        X500Name name = new X500Name("CN=" + commonName + ",O=SBC tests");
        JcaX509v3CertificateBuilder builder = builder(name, name, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(builder, keys));
    }

    /** A leaf certificate for {@code names} (DNS names or IP addresses in subjectAltName) signed by {@code ca}. */
    static Issued leaf(Issued ca, String commonName, String... names) throws GeneralSecurityException, IOException {
        KeyPair keys = ecKeys();
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder builder = builder(issuer, new X500Name("CN=" + commonName + ",O=SBC tests"), keys);
        List<GeneralName> alt = new ArrayList<>();
        for (String host : names) {
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            alt.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new Issued(keys, sign(builder, ca.keys()));
    }

    /** A client side that trusts only {@code ca}. */
    static SSLContext trusting(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}

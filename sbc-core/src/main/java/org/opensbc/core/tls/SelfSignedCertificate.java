package org.opensbc.core.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensbc.core.config.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate the gateway uses for WSS/TLS when none is configured: made once, at first start,
 * into the data directory (never the source tree), and reused after.
 */
public final class SelfSignedCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedCertificate.class);
    private static final Duration VALIDITY = Duration.ofDays(825);

    /** PEM certificate and PKCS#8 key paths. */
    public record PemFiles(Path certificate, Path privateKey) { }

    private SelfSignedCertificate() {
    }

    public static PemFiles ensure(Path dataDir, List<String> hostNames) throws IOException {
        Path dir = dataDir.resolve("tls");
        PemFiles files = new PemFiles(dir.resolve("self-signed-cert.pem"), dir.resolve("self-signed-key.pem"));
        if (Files.isRegularFile(files.certificate()) && Files.isRegularFile(files.privateKey())) {
            return files;
        }
        Files.createDirectories(dir);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X509Certificate cert = certificate(keys, hostNames);
            // the key first: a certificate without its key is regenerated at the next start
            SecretFiles.write(files.privateKey(), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(
                    keys.getPrivate(), null)));
            Files.writeString(files.certificate(), pem(cert), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
        LOG.info("Generated a self-signed certificate for {} in {}", hostNames, dir);
        return files;
    }

    private static X509Certificate certificate(KeyPair keys, List<String> hostNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=" + hostNames.get(0) + ",O=SBC self-signed");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostNames) {
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

}

package org.opensbc.rules.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.opensbc.rules.model.TrunkSpec;
import org.opensbc.rules.yaml.YamlTree;

/** A TLS trunk's {@code tls: { caFile }}: the authorities its certificate must chain to, read now. */
final class TrunkTls {

    private TrunkTls() {
    }

    /** The settings, or null after reporting a mistake at the node. */
    static TrunkSpec.Tls read(YamlTree node, Path baseDir) {
        node.entries(Set.of("caFile"));
        YamlTree caNode = node.get("caFile");
        String ca = caNode.text("");
        if (caNode.isMissing()) {
            return null; // an empty tls: mapping: the JDK's trust store, as without one
        }
        if (ca.isBlank()) {
            caNode.error("must name a PEM file of CA certificates");
            return null;
        }
        Path file = baseDir.resolve(ca).normalize();
        if (!Files.isReadable(file)) {
            caNode.error("cannot read " + file);
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> authorities = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (authorities.isEmpty()) {
                caNode.error(file + " holds no PEM certificate");
                return null;
            }
            return new TrunkSpec.Tls(file, authorities);
        } catch (IOException | GeneralSecurityException e) {
            caNode.error(file + " is not a PEM certificate file: " + e.getMessage());
            return null;
        }
    }
}

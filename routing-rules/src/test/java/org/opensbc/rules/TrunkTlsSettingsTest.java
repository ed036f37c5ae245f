package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.rules.model.TrunkSpec;

/** A TLS trunk's {@code tls: { caFile }}: read beside routing.yaml, every mistake at its line and column. */
class TrunkTlsSettingsTest {

    /** A CA certificate made now with the JDK's keytool (certificates are never committed), as PEM. */
    private static String caPem(Path dir) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve("ca.p12");
        run(dir, keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA 1",
                "-ext", "bc:c", "-validity", "30", "-keystore", store.toString(), "-storepass", "changeit");
        return run(dir, keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-storepass",
                "changeit");
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    private static List<String> errors(String yaml, Path dir) {
        RulesException e = assertThrows(RulesException.class,
                () -> RoutingFile.parse(yaml, "routing.yaml", Set.of(), dir));
        return e.errors().stream().map(RuleError::toString).toList();
    }

    @Test
    void mistakesAreNamedWhereTheyAre(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("not-a-cert.pem"), "hello\n");
        List<String> errors = errors("""
                trunks:
                  - { name: a, host: 192.0.2.1, transport: tls, tls: { caFile: missing.pem } }
                  - { name: b, host: 192.0.2.2, tls: { caFile: ca.pem } }
                  - { name: c, host: 192.0.2.3, transport: tls, tls: { caFile: not-a-cert.pem } }
                  - { name: d, host: 192.0.2.4, transport: tls, tls: { caFile: "" } }
                  - { name: e, host: 192.0.2.5, transport: tls, tls: { cafile: ca.pem } }
                """, dir);
        assertTrue(errors.contains("routing.yaml:2:64: trunks[0].tls.caFile: cannot read " + dir.resolve("missing.pem")),
                errors.toString());
        assertTrue(errors.contains("routing.yaml:3:38: trunks[1].tls: applies to transport: tls only (this trunk is udp)"),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("routing.yaml:4:64: trunks[2].tls.caFile: "
                + dir.resolve("not-a-cert.pem"))), errors.toString());
        assertTrue(errors.contains("routing.yaml:5:64: trunks[3].tls.caFile: must name a PEM file of CA certificates"),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("routing.yaml:6:56: trunks[4].tls.cafile: unknown key")),
                errors.toString());
    }

    @Test
    void theCaFileIsReadBesideTheRules(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("carrier-ca.pem"), caPem(dir));
        RuleSet set = RoutingFile.parse("""
                trunks:
                  - { name: carrier, host: 192.0.2.1, port: 5061, transport: tls, tls: { caFile: carrier-ca.pem } }
                  - { name: public, host: 192.0.2.2, transport: tls }
                rules:
                  - { name: out, route: { trunk: carrier } }
                """, "routing.yaml", Set.of(), dir);
        TrunkSpec carrier = set.trunks().get("carrier");
        assertEquals(dir.resolve("carrier-ca.pem"), carrier.tls().caFile());
        assertEquals("CN=Test CA 1", carrier.tls().authorities().get(0).getSubjectX500Principal().getName());
        assertEquals(null, set.trunks().get("public").tls(), "no tls: the JDK's trust store");
    }
}

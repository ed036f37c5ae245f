package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Secrets stay secret: the admin API shows trunk passwords masked, a masked text put back keeps
 * them (the trunk still authenticates with the real one, checked by a SIPp carrier), every file
 * that holds a secret is readable by the gateway's user only, and /metrics can want the token.
 */
@Timeout(120)
class SecretsIT {

    private static final String CARRIER_IP = "127.0.0.31";
    private static final String PASSWORD = "s3cret-pass"; // what uas-challenge-answer.xml verifies
    private static final String USERS = """
            users:
              - { username: alice, password: %s }
              - { username: carol }
            """.formatted(TestGateway.ALICE_PASSWORD);

    private static String rules(int carrierPort) {
        return """
                # trunks of the office
                trunks:
                  - name: carrier-d          # the carrier, with an account
                    host: %s
                    port: %d
                    digest: { username: acct123, password: %s }
                rules:
                  - name: north-america
                    match: { requestUser: { prefix: "+1" } }
                    route: { trunk: carrier-d }
                """.formatted(CARRIER_IP, carrierPort, PASSWORD);
    }

    @Test
    void trunkPasswordsAreShownMaskedAndAMaskedTextPutBackKeepsThem() throws Exception {
        int carrierPort = TestGateway.freeUdpAndTcpPort();
        try (TestGateway gw = TestGateway.start("", "", Map.of("routing.yaml", rules(carrierPort), "users.yaml", USERS))) {
            String shown = gw.admin("/rules");
            assertFalse(shown.contains(PASSWORD), shown);
            assertTrue(shown.contains("digest: { username: acct123, password: \"****\" }")
                    && shown.contains("# the carrier, with an account"), "masked, the rest as it was: " + shown);
            assertFalse(gw.admin("/trunks").contains(PASSWORD));

            // the operator adds a rule to what GET showed and puts the whole text back
            String edited = shown + """
                      - name: uk
                        match: { requestUser: { prefix: "+44" } }
                        route: { trunk: carrier-d }
                    """;
            assertEquals(200, gw.admin("POST", "/rules/validate", edited).statusCode());
            HttpResponse<String> put = gw.admin("PUT", "/rules", edited);
            assertEquals(200, put.statusCode(), put.body());
            Path file = gw.configDir.resolve("routing.yaml");
            assertTrue(Files.readString(file).contains("password: \"" + PASSWORD + "\"") && Files.readString(file)
                    .contains("name: uk"), "the file keeps the real password: " + Files.readString(file));
            assertFalse(gw.admin("/rules").contains(PASSWORD));

            // and the carrier still gets the real password (SIPp verifies the digest)
            Sipp.Running carrier = Sipp.start("uas-challenge-answer.xml", null, "u1", CARRIER_IP, carrierPort, null);
            Thread.sleep(200);
            Sipp.Result call = Sipp.start("uac-call.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.2",
                    TestGateway.freeUdpAndTcpPort(), List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD)
                            + ";+442079460000")).await();
            assertEquals(0, call.exitCode(), call.output());
            Sipp.Result verified = carrier.await();
            assertEquals(0, verified.exitCode(), verified.output());

            // a masked password for a trunk that has none in force cannot stand for anything
            String newTrunk = edited.replace("trunks:\n", """
                    trunks:
                      - { name: other, host: 127.0.0.32, digest: { username: u, password: "****" } }
                    """);
            HttpResponse<String> refused = gw.admin("PUT", "/rules", newTrunk);
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("routing.yaml:3:71: trunks[0].digest.password: masked (****) but trunk"
                    + " 'other' has no password in force: write it out"), refused.body());
            gw.awaitCallsReleased();
        }
    }

    @Test
    void everyFileHoldingASecretIsReadableByTheGatewaysUserOnly() throws Exception {
        try (TestGateway gw = TestGateway.start("", "", Map.of("routing.yaml", rules(5060), "users.yaml", USERS))) {
            Path data = gw.gateway.config().dataDir();
            HttpResponse<String> put = gw.admin("PUT", "/rules", rules(5062));
            assertEquals(200, put.statusCode(), put.body());
            for (Path secret : List.of(data.resolve("admin-token"), data.resolve("generated-credentials.txt"),
                    data.resolve("tls/self-signed-key.pem"), gw.configDir.resolve("routing.yaml"))) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)),
                        secret + " holds a secret");
            }
            try (var left = Files.list(gw.configDir)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                        "no temporary file left behind");
            }
        }
    }

    @Test
    void metricsWantTheTokenWhenSoConfigured() throws Exception {
        try (TestGateway open = TestGateway.start()) {
            assertEquals(200, new AdminApi(open.adminPort, () -> "").anonymous("/metrics").statusCode(),
                    "open by default, for a Prometheus without credentials");
        }
        try (TestGateway guarded = TestGateway.start("", "", Map.of(), "metricsToken: true")) {
            AdminApi anonymous = new AdminApi(guarded.adminPort, () -> "");
            assertEquals(401, anonymous.anonymous("/metrics").statusCode());
            assertEquals(200, anonymous.anonymous("/health").statusCode(), "/health stays open");
            assertTrue(guarded.admin("/metrics").contains("sbc_calls_active"), "with the token");
        }
    }
}

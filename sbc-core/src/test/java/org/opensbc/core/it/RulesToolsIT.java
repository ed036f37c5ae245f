package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator tools as an operator runs them, from the packaged jar: {@code rules check DIR}
 * (exit 0 and a summary, or exit 1 and file:line:col for each mistake) and {@code route ...}
 * (decision and trace, nothing sent); and the admin API's token.
 */
@Timeout(120)
class RulesToolsIT {

    private static final String RULES = """
            trunks:
              - { name: pbx, host: 192.0.2.10 }
            rules:
              - name: premium
                match: { requestUser: { prefix: "+1900" } }
                reject: { code: 403, reason: "Premium numbers are blocked" }
              - name: national
                match: { requestUser: { regex: "0([1-9][0-9]{8})" } }
                rewrite: { strip: 1, prefix: "+44" }
                route: { trunk: pbx }
            """;

    private record Run(int exit, String output) { }

    private static Run sbc(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", System.getProperty("sbc.jar")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the tool finishes");
        return new Run(p.exitValue(), out);
    }

    @Test
    void rulesCheckAcceptsGoodFilesAndNamesEveryMistakeOfBadOnes() throws Exception {
        Path dir = TestGateway.writeConfig("");
        Files.writeString(dir.resolve("routing.yaml"), RULES);
        Run good = sbc("rules", "check", dir.toString());
        assertEquals(0, good.exit(), good.output());
        assertTrue(good.output().contains("routing.yaml: OK, 2 rules, 1 trunks"), good.output());

        Files.writeString(dir.resolve("routing.yaml"), RULES.replace("trunk: pbx }", "trunk: pbz }")
                .replace("0([1-9][0-9]{8})", "0([1-9][0-9]{8}"));
        Files.writeString(dir.resolve("acl.yaml"), "listeners: { udp: { deny: [10.0.0.0/40] } }\n");
        Run bad = sbc("rules", "check", dir.toString());
        assertEquals(1, bad.exit(), bad.output());
        assertTrue(bad.output().contains("routing.yaml:8:36: rules[1].match.requestUser.regex: bad regular expression"),
                bad.output());
        assertTrue(bad.output().contains("routing.yaml:10:21: rules[1].route.trunk: unknown trunk 'pbz'"), bad.output());
        assertTrue(bad.output().contains("acl.yaml:1:28: listeners.udp.deny[0]: '10.0.0.0/40': the prefix length must be 0 to 32"),
                bad.output());
        assertTrue(bad.output().contains("3 mistakes: the gateway would refuse these files"), bad.output());
    }

    @Test
    void routePrintsTheDecisionAndTheTraceWithoutSendingAnything() throws Exception {
        Path dir = TestGateway.writeConfig("");
        Files.writeString(dir.resolve("routing.yaml"), RULES);
        Run national = sbc("route", "--config", dir.toString(), "--from", "alice@127.0.0.1", "--to",
                "0207946000@127.0.0.1", "--source-ip", "198.51.100.7");
        assertEquals(0, national.exit(), national.output());
        assertTrue(national.output().contains("MATCH national (line 7): matched, request user 0207946000 -> +44207946000"),
                national.output());
        assertTrue(national.output().contains("(1 rules whose requestUser prefix cannot match were not looked at)"),
                national.output());
        assertTrue(national.output().contains("decision: Trunks[group=null, trunks=[pbx]] by rule national"),
                national.output());
        Run premium = sbc("route", "--config", dir.toString(), "--from", "alice@127.0.0.1", "--to",
                "+19005550100@127.0.0.1", "--source-ip", "198.51.100.7");
        assertEquals(3, premium.exit(), "a rejection exits 3: " + premium.output());
        assertTrue(premium.output().contains("MATCH premium (line 4): matched")
                && premium.output().contains("Reject[status=403, reason=Premium numbers are blocked]"), premium.output());
        Run usage = sbc("route", "--from", "alice");
        assertEquals(1, usage.exit(), usage.output());
        // URIs as operators copy them from logs: the user is bob, not "sip:bob" (shipped rules: local users)
        Path shipped = TestGateway.writeConfig("");
        Files.copy(ShippedGateway.REPO.resolve("conf/routing.yaml"), shipped.resolve("routing.yaml"));
        Run uri = sbc("route", "--config", shipped.toString(), "--from", "sip:alice@127.0.0.1", "--to",
                "<sip:bob@127.0.0.1;transport=udp>", "--source-ip", "198.51.100.7");
        assertEquals(0, uri.exit(), uri.output());
        assertTrue(uri.output().contains("decision: LocalUser[aor=bob@127.0.0.1]"), uri.output());
        Run tel = sbc("route", "--config", dir.toString(), "--from", "alice@127.0.0.1", "--to", "tel:0207946000",
                "--source-ip", "198.51.100.7");
        assertTrue(tel.output().contains("request user 0207946000 -> +44207946000"), tel.output());
        Run junk = sbc("route", "--config", dir.toString(), "--from", "alice@127.0.0.1", "--to", "http://bob",
                "--source-ip", "198.51.100.7");
        assertEquals(1, junk.exit(), junk.output());
        assertTrue(junk.output().contains("is not a SIP party"), junk.output());
    }

    @Test
    void theAdminApiWantsItsTokenExceptForHealthAndMetrics() throws Exception {
        try (TestGateway gw = TestGateway.start("", "", Map.of("routing.yaml", RULES))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + gw.adminPort;
            for (String path : new String[] {"/health", "/metrics"}) {
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), path);
            }
            for (String path : new String[] {"/calls", "/registrations", "/trunks", "/rules"}) {
                assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), path + " without a token");
                assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer not-the-token").build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), path + " with a wrong token");
            }
            assertTrue(gw.admin("/rules").contains("name: premium"));
            HttpResponse<String> invalid = gw.admin("POST", "/rules/validate", "rules: [ { name: x } ]\n");
            assertEquals(422, invalid.statusCode());
            assertTrue(invalid.body().contains("a rule needs exactly one of 'route' and 'reject'"), invalid.body());
            assertEquals(200, gw.admin("POST", "/rules/validate", RULES).statusCode());
            assertEquals(1, gw.metric("sbc_rules_version"), "validation changes nothing");
        }
    }
}

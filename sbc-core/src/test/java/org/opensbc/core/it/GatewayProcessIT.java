package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged gateway as an operator runs it: {@code java -jar sbc.jar --config DIR}; /health
 * turns 200 once every listener is up, /metrics serves Prometheus text, SIGTERM stops it cleanly.
 * Also checks that the shipped conf/ loads and that demo passwords are generated, not fixed.
 */
@Timeout(90)
class GatewayProcessIT {

    @Test
    void jarStartsAnswersHealthAndStopsOnSigterm() throws Exception {
        Path config = TestGateway.writeConfig("");
        String[] ports = Files.readString(config.resolve("ports")).trim().split(" ");
        Files.writeString(config.resolve("users.yaml"), "users:\n  - username: demo\n");
        Path log = TempDirs.create("sbc-process").resolve("sbc.log");
        Process gw = new ProcessBuilder("java", "-jar", System.getProperty("sbc.jar"), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI health = URI.create("http://127.0.0.1:" + ports[2] + "/health");
            int status = 0;
            long end = System.currentTimeMillis() + 30_000;
            while (status != 200 && System.currentTimeMillis() < end) {
                try {
                    status = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, Files.readString(log));
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[2] + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("sbc_registrar_bindings") && metrics.contains("jvm_memory_used_bytes"), metrics);
            assertTrue(Files.readString(log).contains("Generated password for demo user 'demo'"), "demo password printed once");

            gw.destroy(); // SIGTERM
            assertTrue(gw.waitFor(20, TimeUnit.SECONDS), "gateway did not stop on SIGTERM");
            assertTrue(Files.readString(log).contains("gateway stopped"), Files.readString(log));
        } finally {
            gw.destroyForcibly();
        }
    }

    @Test
    void shippedConfigurationLoads() throws Exception {
        Path conf = Path.of(System.getProperty("sbc.repo.root", "..")).resolve("conf");
        var config = org.opensbc.core.config.ConfigLoader.load(conf);
        assertEquals(8443, config.sip().wss().port());
        assertTrue(config.users().stream().allMatch(u -> u.needsGeneratedPassword()),
                "shipped users must not carry fixed passwords");
    }
}

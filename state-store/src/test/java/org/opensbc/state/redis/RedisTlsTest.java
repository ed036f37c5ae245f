package org.opensbc.state.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opensbc.state.testing.Records.awaitWritten;
import static org.opensbc.state.testing.Records.put;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.state.Space;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.testing.RedisServerProcess;
import org.opensbc.state.write.WriterSettings;

/** A rediss:// URL against a real redis-server with a TLS port (a certificate made for the test). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisTlsTest {

    @TempDir
    Path dir;

    @Test
    void theStoreTalksTlsToARedissUrl() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl made a certificate");
        int tlsPort = RedisServerProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(dir, List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(), "--tls-auth-clients", "no"))) {
            // the test's own certificate is not in the JVM's trust store: peer verification off here
            String url = "rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE";
            try (RedisStateStore store = RedisStateStore.open(url, "sbc:", "n1", WriterSettings.defaults())) {
                store.submit(put(Space.BAN, "auth", "192.0.2.9", "", System.currentTimeMillis() + 60_000));
                awaitWritten(store);
                assertEquals(1, store.load(Space.BAN).size());
            }
            assertEquals("1", redis.command("EXISTS", "sbc:ban:auth:192.0.2.9"));
            // the same port without TLS does not speak Redis: open fails, naming the URL
            StateStoreException e = assertThrows(StateStoreException.class,
                    () -> RedisStateStore.open("redis://127.0.0.1:" + tlsPort, "sbc:", "n1", WriterSettings.defaults()));
            assertTrue(e.getMessage().contains("redis://127.0.0.1:" + tlsPort), e.getMessage());
        }
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real JsSIP web phone in headless Chromium registers over wss:// with the gateway's self-signed
 * certificate; the binding shows in the admin listing and in metrics, and closing the page (its
 * WebSocket) removes it.
 */
@Timeout(120)
class BrowserRegistrationIT {

    private static final Path BROWSER_DIR = Path.of(System.getProperty("sbc.repo.root", ".."))
            .resolve("sbc-core/src/test/browser");

    @Test
    void jssipRegistersOverWssAndClosingThePageRemovesTheBinding() throws Exception {
        if (!Files.exists(BROWSER_DIR.resolve("build/jssip.js"))) {
            fail("browser peer not installed: run scripts/test.sh (npm ci + bundle in " + BROWSER_DIR + ")");
        }
        try (TestGateway gw = TestGateway.start()) {
            ProcessBuilder pb = new ProcessBuilder("node", "jssip-phone.mjs").directory(BROWSER_DIR.toFile());
            pb.environment().put("SBC_WSS_URL", "wss://127.0.0.1:" + gw.wssPort);
            pb.environment().put("SBC_SIP_URI", "sip:alice@127.0.0.1");
            pb.environment().put("SBC_PASSWORD", TestGateway.ALICE_PASSWORD);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process node = pb.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                 Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                String registered = out.readLine();
                assertTrue(registered != null && registered.contains("\"event\":\"registered\""), "browser said: " + registered);
                assertTrue(registered.contains("+sip.instance") && registered.contains("reg-id=1"),
                        "200 OK must echo +sip.instance and reg-id: " + registered);

                String listing = gw.admin("/registrations");
                assertTrue(listing.contains("\"flow\":\"WSS:127.0.0.1:"), listing);
                assertTrue(listing.contains("urn:uuid:"), listing);
                assertEquals(1.0, gw.metric("sbc_registrar_bindings"));

                in.write("close\n");
                in.flush();
                assertEquals("{\"event\":\"closed\"}", out.readLine());
                waitForBindings(gw, 0);
                assertTrue(gw.admin("/registrations").contains("\"count\":0"));
                in.write("quit\n");
                in.flush();
            } finally {
                if (!node.waitFor(20, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
            assertEquals(0, node.exitValue());
        }
    }

    private static void waitForBindings(TestGateway gw, double expected) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end && gw.metric("sbc_registrar_bindings") != expected) {
            Thread.sleep(100);
        }
        assertEquals(expected, gw.metric("sbc_registrar_bindings"));
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's certificate changes on disk (a renewal) and the next TLS and WSS connections get
 * the new one, without a restart; a pair whose key is not the certificate's is refused with one
 * log line and the certificate in force stays. For a configured pair and for the generated one.
 */
@Timeout(90)
class CertificateReloadIT {

    @Test
    void aRenewedCertificateServesTheNextConnectionsAndABadPairIsRefused() throws Exception {
        Path dir = TempDirs.create("cert-reload");
        TestCertificates.Issued ca = TestCertificates.authority("Reload Test CA");
        TestCertificates.Issued first = TestCertificates.leaf(ca, "sbc-first", "127.0.0.1");
        TestCertificates.PemPair files = first.write(dir, "gateway");
        int tlsPort = TestGateway.freeTcpPort();
        try (TestGateway gw = TestGateway.start("tls: { certificate: %s, privateKey: %s }".formatted(
                files.certificate(), files.privateKey()), "  tls: { enabled: true, address: 127.0.0.1, port: " + tlsPort + " }");
                LogCapture log = new LogCapture()) {
            assertEquals(first.serial(), servedSerial(tlsPort));
            assertEquals(first.serial(), servedSerial(gw.wssPort));

            TestCertificates.Issued renewed = TestCertificates.leaf(ca, "sbc-renewed", "127.0.0.1");
            replace(renewed, files);
            awaitServed(renewed.serial(), tlsPort, "SIP over TLS");
            awaitServed(renewed.serial(), gw.wssPort, "WSS");
            assertEquals(1, log.lines("TLS certificate reloaded", files.certificate().toString()).size());

            // a certificate with someone else's key: refused, the renewed one stays
            TestCertificates.Issued stranger = TestCertificates.leaf(ca, "sbc-stranger", "127.0.0.1");
            TestCertificates.Issued other = TestCertificates.leaf(ca, "sbc-other", "127.0.0.1");
            Files.writeString(files.certificate(), TestCertificates.pem(stranger.certificate()));
            Files.writeString(files.privateKey(), TestCertificates.pem(
                    new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(other.keys().getPrivate(), null)));
            awaitLog(log, "NOT reloaded");
            Thread.sleep(2500); // more checks: still refused, and said once
            assertEquals(1, log.lines("NOT reloaded").size(), log.lines("NOT reloaded").toString());
            assertTrue(log.lines("NOT reloaded").get(0).contains("is not the private key of the certificate"),
                    log.lines("NOT reloaded").get(0));
            assertEquals(renewed.serial(), servedSerial(tlsPort));
            assertEquals(renewed.serial(), servedSerial(gw.wssPort));
        }
    }

    @Test
    void theGeneratedCertificateIsReloadedToo() throws Exception {
        try (TestGateway gw = TestGateway.start()) {
            Path tls = gw.gateway.config().dataDir().resolve("tls");
            TestCertificates.PemPair files = new TestCertificates.PemPair(tls.resolve("self-signed-cert.pem"),
                    tls.resolve("self-signed-key.pem"));
            TestCertificates.Issued replacement = TestCertificates.leaf(TestCertificates.authority("Ops CA"), "sbc-ops",
                    "127.0.0.1");
            replace(replacement, files);
            awaitServed(replacement.serial(), gw.wssPort, "WSS");
        }
    }

    /** Writes the pair over the files, certificate first (as a renewal tool would, one after the other). */
    private static void replace(TestCertificates.Issued pair, TestCertificates.PemPair files) throws Exception {
        Path staging = TempDirs.create("staging");
        TestCertificates.PemPair fresh = pair.write(staging, "new");
        Files.copy(fresh.certificate(), files.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(fresh.privateKey(), files.privateKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitServed(BigInteger serial, int port, String what) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        BigInteger seen = servedSerial(port);
        while (!serial.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = servedSerial(port);
        }
        assertEquals(serial, seen, what + " serves the new certificate within 10 s");
    }

    private static void awaitLog(LogCapture log, String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (log.lines(text).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(!log.lines(text).isEmpty(), "no '" + text + "' logged");
    }

    /** The serial of the certificate a fresh TLS handshake (no session to resume) gets on {@code port}. */
    private static BigInteger servedSerial(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new AnyCertificate()}, null);
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** Looks at whatever is served; whether to trust it is not this test's question. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIP over TLS (port configurable) with the generated self-signed certificate, through JAIN-SIP's TLS. */
@Timeout(60)
class TlsListenerIT {

    @Test
    void optionsOverTlsIsAnsweredOnTheSameConnection() throws Exception {
        int tlsPort = TestGateway.freeTcpPort();
        try (TestGateway gw = TestGateway.start("", "  tls: { enabled: true, address: 127.0.0.1, port: " + tlsPort + " }")) {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustSelfSigned()}, null);
            try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", tlsPort), 3000);
                socket.setSoTimeout(5000);
                socket.startHandshake();
                X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertTrue(cert.getSubjectX500Principal().getName().contains("SBC self-signed"), cert.toString());
                String options = "OPTIONS sip:127.0.0.1:" + tlsPort + ";transport=tls SIP/2.0\r\n"
                        + "Via: SIP/2.0/TLS 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKtls1;rport\r\n"
                        + "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=t1\r\nTo: <sip:127.0.0.1>\r\n"
                        + "Call-ID: tls-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
                socket.getOutputStream().write(options.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[4096];
                int n = in.read(buf);
                String answer = new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("SIP/2.0 200 OK"), answer);
            }
        }
    }

    /** Accepts the gateway's self-signed certificate, as a phone provisioned with it would. */
    private static final class TrustSelfSigned implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}

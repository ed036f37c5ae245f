package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Phones on the gateway's TLS listener (sip.tls.enabled, a certificate from a test CA the phones
 * trust): each keeps one TLS connection, registers over it with digest auth, and calls or is
 * called over it; the 200, ACK and BYE travel on those connections. SIPp drives the phones through
 * {@link TlsRelay} (Debian's SIPp has no TLS of its own).
 */
@Timeout(120)
class TlsPhoneSippIT {

    private static final String ALICE_IP = "127.0.0.2";
    private static final String BOB_IP = "127.0.0.3";
    private static final String TRUNK_IP = "127.0.0.4";
    private static TestGateway gw;
    private static int tlsPort;
    private static int trunkPort;
    private static SSLContext phones;

    @BeforeAll
    static void start() throws Exception {
        Path certs = TempDirs.create("tls-phone");
        TestCertificates.Issued ca = TestCertificates.authority("Phone Test CA");
        TestCertificates.PemPair served = TestCertificates.leaf(ca, "sbc.test", "127.0.0.1", "localhost")
                .write(certs, "gateway");
        phones = TestCertificates.trusting(ca.certificate());
        tlsPort = TestGateway.freeTcpPort();
        trunkPort = TestGateway.freeUdpAndTcpPort();
        gw = TestGateway.start("""
                tls: { certificate: %s, privateKey: %s }
                trunk: { enabled: true, host: %s, port: %d }
                """.formatted(served.certificate(), served.privateKey(), TRUNK_IP, trunkPort),
                "  tls: { enabled: true, address: 127.0.0.1, port: " + tlsPort + " }");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
    }

    private static List<String> user(String name, String password, String dialled) {
        return List.of(name + ";" + Sipp.auth(name, password) + ";" + dialled);
    }

    /** One SIPp client run over the phone's TLS connection. */
    private static Sipp.Running over(TlsRelay phone, String scenario, String ip, List<String> fields) throws Exception {
        return Sipp.start(scenario, "127.0.0.1:" + phone.sippPort(), "t1", ip, TestGateway.freeUdpAndTcpPort(), fields);
    }

    private static void passes(Sipp.Running run, String who) throws Exception {
        Sipp.Result r = run.await();
        assertEquals(0, r.exitCode(), who + ": " + r.output() + "\n" + run.messages());
    }

    @Test
    void aPhoneRegistersOverTlsAndCallsATrunk() throws Exception {
        try (TlsRelay alice = TlsRelay.phone(ALICE_IP, tlsPort, phones)) {
            passes(over(alice, "register-tls.xml", ALICE_IP, user("alice", TestGateway.ALICE_PASSWORD, "")), "alice registers");
            String listing = gw.admin("/registrations");
            assertTrue(listing.contains("\"aor\":\"alice@127.0.0.1\"")
                    && listing.contains("\"route\":\"TLS:" + ALICE_IP + ":" + alice.tlsSourcePort() + "\""), listing);

            Sipp.Running trunk = Sipp.start("uas-answer.xml", null, "u1", TRUNK_IP, trunkPort, null);
            Thread.sleep(200);
            Sipp.Running call = over(alice, "uac-call-tls.xml", ALICE_IP,
                    user("alice", TestGateway.ALICE_PASSWORD, "+15551234"));
            passes(call, "alice calls over TLS");
            passes(trunk, "trunk answers");
            String seen = call.messages();
            assertTrue(seen.contains("SIP/2.0 200 OK") && seen.contains("transport=tls"), "the 200's Contact is TLS: " + seen);
        }
    }

    @Test
    void aPhoneRegisteredOverTlsIsCalledOverItsConnection() throws Exception {
        try (TlsRelay bob = TlsRelay.phone(BOB_IP, tlsPort, phones);
                TlsRelay alice = TlsRelay.phone(ALICE_IP, tlsPort, phones)) {
            passes(over(bob, "register-tls.xml", BOB_IP, user("bob", TestGateway.BOB_PASSWORD, "")), "bob registers");
            int bobUas = TestGateway.freeUdpAndTcpPort();
            Sipp.Running answering = Sipp.start("uas-answer-tls.xml", null, "t1", BOB_IP, bobUas, null);
            bob.answerAt(BOB_IP, bobUas);
            Thread.sleep(200);

            passes(over(alice, "uac-call-tls.xml", ALICE_IP, user("alice", TestGateway.ALICE_PASSWORD, "bob")),
                    "alice calls bob over TLS");
            passes(answering, "bob answers over his TLS connection");
            String invite = answering.messages();
            assertTrue(invite.contains("INVITE sip:bob@") && invite.contains("Via: SIP/2.0/TLS"), invite);
            assertTrue(invite.contains("BYE sip:"), "the BYE reached bob over TLS: " + invite);
        }
    }
}

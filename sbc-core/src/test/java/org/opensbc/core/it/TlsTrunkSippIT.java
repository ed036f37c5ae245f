package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Trunks reached over TLS ({@code transport: tls}), their certificates checked against the CA
 * that routing.yaml names ({@code tls: { caFile }}) and against the trunk's host. Alice
 * (127.0.0.2, UDP, digest) dials numbers routed to SIPp trunks behind {@link TlsRelay}s: one
 * whose certificate the trunk CA signed for its address, one signed by another CA, one signed by
 * the trunk CA for another address. Calls to the good one complete over TLS; the others fail at
 * once (not after the failover timeout) with one log line naming the trunk and the reason, and
 * a route with a good trunk behind a bad one fails over to it.
 */
@Timeout(120)
class TlsTrunkSippIT {

    private static final String ALICE_IP = "127.0.0.2";
    private static final String GOOD_IP = "127.0.0.21";
    private static final String ROGUE_IP = "127.0.0.22";
    private static final String MISNAMED_IP = "127.0.0.23";
    private static TestGateway gw;
    private static TlsRelay good;
    private static TlsRelay rogue;
    private static TlsRelay misnamed;
    private static int goodSipp;
    private static int rogueSipp;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Issued trunkCa = TestCertificates.authority("Trunk Test CA");
        TestCertificates.Issued otherCa = TestCertificates.authority("Some Other CA");
        int goodPort = TestGateway.freeTcpPort();
        int roguePort = TestGateway.freeTcpPort();
        int misnamedPort = TestGateway.freeTcpPort();
        goodSipp = TestGateway.freeUdpAndTcpPort();
        rogueSipp = TestGateway.freeUdpAndTcpPort();
        good = TlsRelay.trunk(GOOD_IP, goodPort,
                TestCertificates.leaf(trunkCa, "carrier", GOOD_IP).serverContext(), new InetSocketAddress(GOOD_IP, goodSipp));
        rogue = TlsRelay.trunk(ROGUE_IP, roguePort,
                TestCertificates.leaf(otherCa, "rogue", ROGUE_IP).serverContext(), new InetSocketAddress(ROGUE_IP, rogueSipp));
        misnamed = TlsRelay.trunk(MISNAMED_IP, misnamedPort,
                TestCertificates.leaf(trunkCa, "elsewhere", "127.0.0.99", "elsewhere.example").serverContext(),
                new InetSocketAddress(MISNAMED_IP, rogueSipp));
        String rules = """
                trunks:
                  - { name: carrier-tls, host: %s, port: %d, transport: tls, tls: { caFile: trunk-ca.pem } }
                  - { name: rogue-tls, host: %s, port: %d, transport: tls, tls: { caFile: trunk-ca.pem } }
                  - { name: misnamed-tls, host: %s, port: %d, transport: tls, tls: { caFile: trunk-ca.pem } }
                trunkGroups:
                  - { name: rogue-then-carrier, strategy: failover, trunks: [rogue-tls, carrier-tls] }
                rules:
                  - { name: uk, match: { requestUser: { prefix: "+44" } }, route: { trunk: carrier-tls } }
                  - { name: france, match: { requestUser: { prefix: "+33" } }, route: { trunk: rogue-tls } }
                  - { name: germany, match: { requestUser: { prefix: "+49" } }, route: { trunk: misnamed-tls } }
                  - { name: italy, match: { requestUser: { prefix: "+39" } }, route: { trunkGroup: rogue-then-carrier } }
                """.formatted(GOOD_IP, goodPort, ROGUE_IP, roguePort, MISNAMED_IP, misnamedPort);
        // the failover timeout is long: a refused certificate must fail the trunk at once, not by timing out
        gw = TestGateway.start("calls: { failoverTimeoutSeconds: 20 }",
                "  tls: { enabled: true, address: 127.0.0.1, port: " + TestGateway.freeTcpPort() + " }",
                Map.of("routing.yaml", rules, "trunk-ca.pem", TestCertificates.pem(trunkCa.certificate())));
    }

    @AfterAll
    static void stop() {
        gw.close();
        good.close();
        rogue.close();
        misnamed.close();
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
    }

    private static Sipp.Running aliceCalls(String scenario, String number) throws Exception {
        return Sipp.start(scenario, "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP, TestGateway.freeUdpAndTcpPort(),
                List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";" + number));
    }

    private static Sipp.Running trunk(String ip, int port) throws Exception {
        Sipp.Running uas = Sipp.start("uas-answer-tls.xml", null, "t1", ip, port, null);
        Thread.sleep(200); // let it listen
        return uas;
    }

    private static void passes(Sipp.Running run, String who) throws Exception {
        Sipp.Result r = run.await();
        assertEquals(0, r.exitCode(), who + ": " + r.output() + "\n" + run.messages());
    }

    @Test
    void aCallToATrunkWhoseCertificateVerifiesCompletesOverTls() throws Exception {
        Sipp.Running carrier = trunk(GOOD_IP, goodSipp);
        passes(aliceCalls("uac-call.xml", "+442079460000"), "alice");
        passes(carrier, "the TLS trunk");
        String seen = carrier.messages();
        assertTrue(seen.contains("INVITE sip:+442079460000@" + GOOD_IP) && seen.contains("Via: SIP/2.0/TLS"), seen);
        assertTrue(seen.contains("BYE sip:"), "the BYE came over the same TLS connection: " + seen);
        assertEquals(List.of(), good.handshakeFailures());
    }

    @Test
    void aTrunkSignedByAnotherCaFailsTheCallAtOnceWithOneClearLogLine() throws Exception {
        refusedAtOnce("+33142686000", "rogue-tls", rogue, "not signed by a CA in");
    }

    @Test
    void aTrunkCertificateForAnotherNameFailsTheCall() throws Exception {
        refusedAtOnce("+4930123456", "misnamed-tls", misnamed, "does not name " + MISNAMED_IP);
    }

    private void refusedAtOnce(String number, String trunk, TlsRelay relay, String why) throws Exception {
        int failuresBefore = relay.handshakeFailures().size();
        try (LogCapture log = new LogCapture()) {
            long started = System.nanoTime();
            // the trunk's refusal is a transport error: 503 from the trunk side, which callers hear as 500
            passes(aliceCalls("uac-call-500.xml", number), "alice gets a failure");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds < 10, "failed at once, not after the 20 s failover timeout: " + seconds + " s");
            List<String> lines = log.lines(trunk);
            assertEquals(1, lines.size(), "one line names the trunk: " + lines);
            assertTrue(lines.get(0).contains(why), lines.get(0));
            assertEquals(List.of(), log.withStackTraces().stream().map(Object::toString).toList(), "no stack traces");
        }
        // the relay's side of the broken handshake may be noticed a moment after the gateway gave up
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (relay.handshakeFailures().size() <= failuresBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(relay.handshakeFailures().size() > failuresBefore, "the gateway broke off the handshake");
    }

    @Test
    void aRouteFailsOverFromARefusedTlsTrunkToTheNext() throws Exception {
        Sipp.Running carrier = trunk(GOOD_IP, goodSipp);
        passes(aliceCalls("uac-call.xml", "+390612345678"), "alice");
        passes(carrier, "the good trunk after the refused one");
    }
}

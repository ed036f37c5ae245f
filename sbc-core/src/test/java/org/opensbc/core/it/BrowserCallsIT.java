package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls between a real JsSIP browser (headless Chromium, over wss://) and SIPp phones through the
 * gateway: the browser calls a number on the trunk, the trunk calls the browser, each side hangs
 * up, and a browser whose WebSocket drops mid-call has its call ended by the gateway.
 */
@Timeout(180)
class BrowserCallsIT {

    private static final String TRUNK_IP = "127.0.0.3";
    private static TestGateway gw;
    private static int trunkPort;
    private int cdrLinesBefore;

    @BeforeAll
    static void start() throws Exception {
        trunkPort = TestGateway.freeUdpAndTcpPort();
        // digits by INFO cross as INFO here (DtmfIT covers their conversion to RFC 4733, the default)
        gw = TestGateway.start(TestGateway.trunk(TRUNK_IP, trunkPort) + "\n"
                + "media: { address: 127.0.0.1, dtmf: { infoToRfc4733: false } }");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void countCdr() throws Exception {
        cdrLinesBefore = gw.cdrLines().size();
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
    }

    /** The one CDR line this test's call wrote. */
    private String lastCdr() throws Exception {
        List<String> lines = gw.awaitCdrLines(cdrLinesBefore + 1);
        assertEquals(cdrLinesBefore + 1, lines.size(), "one CDR line per call: " + lines);
        return lines.get(lines.size() - 1);
    }

    @Test
    void browserCallsATrunkNumberSendsDtmfByInfoAndHangsUp() throws Exception {
        Sipp.Running trunk = Sipp.start("uas-answer-webrtc-dtmf.xml", null, "u1", TRUNK_IP, trunkPort, null);
        try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false)) {
            alice.send("call sip:+15551234@127.0.0.1");
            alice.await("confirmed", 20);
            assertEquals(1.0, gw.metric("sbc_calls_active"));
            alice.send("dtmf 5");
            Thread.sleep(500);
            alice.send("hangup");
            alice.await("ended", 10);
        }
        Sipp.Result r = trunk.await();
        assertEquals(0, r.exitCode(), r.output());
        String cdr = lastCdr();
        assertTrue(cdr.contains("\"caller\":\"alice@127.0.0.1\"") && cdr.contains("\"endedBy\":\"caller\""), cdr);
    }

    @Test
    void trunkCallsTheBrowserWhichAnswersAndHangsUp() throws Exception {
        try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, true)) {
            Sipp.Running trunk = Sipp.start("uac-trunk-call-webrtc.xml", "127.0.0.1:" + gw.sipPort, "u1", TRUNK_IP,
                    TestGateway.freeUdpAndTcpPort(), List.of("+15550100;;alice"));
            alice.await("incoming", 20);
            alice.await("confirmed", 20);
            alice.send("hangup");
            alice.await("ended", 10);
            Sipp.Result r = trunk.await();
            assertEquals(0, r.exitCode(), r.output());
        }
        String cdr = lastCdr();
        assertTrue(cdr.contains("\"callee\":\"alice@127.0.0.1\"") && cdr.contains("\"endedBy\":\"callee\""), cdr);
    }

    @Test
    void browserWebSocketDropEndsTheCallWithByeToTheOtherLeg() throws Exception {
        Sipp.Running trunk = Sipp.start("uas-answer-webrtc.xml", null, "u1", TRUNK_IP, trunkPort, null);
        try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false)) {
            alice.send("call sip:+15551234@127.0.0.1");
            alice.await("confirmed", 20);
            alice.send("close");
            alice.await("closed", 10);
            Sipp.Result r = trunk.await(); // the UAS scenario ends only on the gateway's BYE
            assertEquals(0, r.exitCode(), r.output());
        }
        assertTrue(lastCdr().contains("\"endedBy\":\"caller\""));
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Call features between SIPp phones through the gateway: transfer (REFER and its NOTIFYs),
 * reliable provisionals (100rel/PRACK on both legs), and a malformed in-dialog request that must
 * not hurt the call.
 */
@Timeout(120)
class CallFeaturesSippIT {

    private static final String CALLER_IP = "127.0.0.2";
    private static final String TRUNK_IP = "127.0.0.3";
    private static TestGateway gw;
    private static int trunkPort;

    @BeforeAll
    static void start() throws Exception {
        trunkPort = TestGateway.freeUdpAndTcpPort();
        gw = TestGateway.start(TestGateway.trunk(TRUNK_IP, trunkPort));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
    }

    /** Runs both; returns the callee's SIPp (for its message trace). */
    private static Sipp.Running call(TestGateway via, String uas, String uasTransport, String uac) throws Exception {
        Sipp.Running callee = Sipp.start(uas, null, uasTransport, TRUNK_IP, trunkPort, null);
        Thread.sleep(200);
        Sipp.Result caller = Sipp.start(uac, "127.0.0.1:" + via.sipPort, "u1", CALLER_IP, TestGateway.freeUdpAndTcpPort(),
                List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";+15551234")).await();
        Sipp.Result answered = callee.await();
        assertEquals(0, caller.exitCode(), "caller: " + caller.output());
        assertEquals(0, answered.exitCode(), "callee: " + answered.output());
        return callee;
    }

    @Test
    void referIsPassedToTheOtherLegAndItsNotifiesComeBack() throws Exception {
        Sipp.Running transferee = call(gw, "uas-refer.xml", "u1", "uac-call-refer.xml");
        String refer = CallsSippIT.messages(transferee.messages(), "received").stream()
                .filter(m -> m.startsWith("REFER ")).findFirst().orElseThrow();
        assertFalse(refer.contains("10.20.30.40") || refer.contains("lan-call-7") || refer.contains("Replaces")
                || refer.contains(CALLER_IP), "nothing of the transferor's side: " + refer);
        assertTrue(refer.contains("Refer-To: <sip:+15559999@127.0.0.1>"), "the target, at the gateway: " + refer);
        assertTrue(refer.contains("Referred-By: \"Alice\" <sip:alice@127.0.0.1>"), refer);
        assertTrue(refer.contains("urn:alert:service:call-waiting") && !refer.contains("Call-Info"), refer);
        assertTrue(refer.matches("(?s).*Contact: <sip:sbc@127\\.0\\.0\\.1:\\d+>.*"), "the gateway is the new target: " + refer);
    }

    @Test
    void referIsRefusedWhenTransferIsDisabled() throws Exception {
        try (TestGateway noTransfer = TestGateway.start("""
                trunk: { enabled: true, host: %s, port: %d }
                calls: { transferEnabled: false }
                """.formatted(TRUNK_IP, trunkPort))) {
            call(noTransfer, "uas-answer.xml", "u1", "uac-call-refer-403.xml");
            noTransfer.awaitMetric("sbc_calls_active", 0);
        }
    }

    @Test
    void reliableProvisionalIsPrackedOnBothLegs() throws Exception {
        call(gw, "uas-100rel.xml", "u1", "uac-call-100rel.xml");
    }

    @Test
    void malformedInDialogRequestGets400AndTheCallGoesOn() throws Exception {
        // the caller's scenario expects the 400 and then a normal BYE/200; the callee sees only the BYE
        call(gw, "uas-answer.xml", "u1", "uac-call-malformed.xml");
    }
}

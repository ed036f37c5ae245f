package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static void call(TestGateway via, String uas, String uasTransport, String uac) throws Exception {
        Sipp.Running callee = Sipp.start(uas, null, uasTransport, TRUNK_IP, trunkPort, null);
        Thread.sleep(200);
        Sipp.Result caller = Sipp.start(uac, "127.0.0.1:" + via.sipPort, "u1", CALLER_IP, TestGateway.freeUdpAndTcpPort(),
                List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";+15551234")).await();
        Sipp.Result answered = callee.await();
        assertEquals(0, caller.exitCode(), "caller: " + caller.output());
        assertEquals(0, answered.exitCode(), "callee: " + answered.output());
    }

    @Test
    void referIsPassedToTheOtherLegAndItsNotifiesComeBack() throws Exception {
        call(gw, "uas-refer.xml", "u1", "uac-call-refer.xml");
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

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call whose media never flows (SIPp sends no RTP) is ended by the gateway after the media
 * timeout: BYE on both legs, and the CDR says why.
 */
@Timeout(60)
class MediaTimeoutSippIT {

    @Test
    void answeredCallWithoutMediaIsEndedOnBothLegs() throws Exception {
        int trunkPort = TestGateway.freeUdpAndTcpPort();
        try (TestGateway gw = TestGateway.start(TestGateway.trunk("127.0.0.3", trunkPort)
                + "\nmedia: { address: 127.0.0.1, timeoutSeconds: 3 }")) {
            Sipp.Running callee = Sipp.start("uas-answer.xml", null, "u1", "127.0.0.3", trunkPort, null);
            Thread.sleep(200);
            long start = System.nanoTime();
            Sipp.Result caller = Sipp.start("uac-call-no-refresh.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.2",
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";+15551234")).await(40);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            Sipp.Result uas = callee.await(10);
            assertEquals(0, caller.exitCode(), "caller got the gateway's BYE: " + caller.output());
            assertEquals(0, uas.exitCode(), "callee got the gateway's BYE: " + uas.output());
            assertTrue(seconds >= 3 && seconds <= 10, "ended after " + seconds + " s, expected 3-5");
            gw.awaitCallsReleased();
            List<String> cdr = gw.awaitCdrLines(1);
            assertTrue(cdr.get(cdr.size() - 1).contains("\"endedBy\":\"media-timeout\""), cdr.toString());
        }
    }
}

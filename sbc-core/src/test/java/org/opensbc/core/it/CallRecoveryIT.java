package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 with a call up, then a restart on the same data directory (the shipped configuration:
 * the embedded store): the call the dead run left gets its CDR line (endedBy "restart") and a BYE
 * on both legs, which run over UDP; SIPp on each side ends its scenario only on that BYE.
 */
@Timeout(180)
class CallRecoveryIT {

    private static final String ALICE_IP = "127.0.0.2";
    private static final String BOB_IP = "127.0.0.4";

    @Test
    void aCallUpAtAKillIsEndedByTheRestartWithByesAndACdrLine() throws Exception {
        ShippedGateway gw = ShippedGateway.start();
        try {
            int bobPort = TestGateway.freeUdpAndTcpPort();
            Sipp.Result registered = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", BOB_IP, bobPort,
                    List.of("bob;" + Sipp.auth("bob", ShippedGateway.password("bob")))).await();
            assertEquals(0, registered.exitCode(), registered.output());
            // each side waits for a BYE after the call is up, and fails on its -timeout without one
            Sipp.Running bob = Sipp.start("uas-answer.xml", null, "u1", BOB_IP, bobPort, null, "-timeout", "60s");
            Thread.sleep(200);
            Sipp.Running alice = Sipp.start("uac-call-far-hangup.xml", "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", ShippedGateway.password("alice")) + ";bob"),
                    "-timeout", "60s");
            GracefulShutdownIT.awaitTrue(() -> gw.admin("/calls").contains("\"state\":\"answered\""), "the call is up");
            // the record was queued when the call was answered; the store writes it behind
            GracefulShutdownIT.awaitTrue(() -> gw.metric("sbc_state_queued") == 0.0, "the call's record is written");

            gw.kill();
            assertTrue(gw.awaitCdrLines(0).isEmpty(), "nothing ended the call before the kill");
            gw.restart();

            Sipp.Result caller = alice.await(60);
            Sipp.Result callee = bob.await(60);
            assertEquals(0, caller.exitCode(), "the caller got a BYE after the restart: " + caller.output());
            assertEquals(0, callee.exitCode(), "the callee got a BYE after the restart: " + callee.output());
            List<String> cdr = gw.awaitCdrLines(1);
            assertEquals(1, cdr.size(), "one CDR line: " + cdr);
            assertTrue(cdr.get(0).contains("\"disposition\":\"answered\"") && cdr.get(0).contains("\"endedBy\":\"restart\"")
                    && cdr.get(0).contains("\"caller\":\"alice@") && cdr.get(0).contains("\"callee\":\"bob@"),
                    "the call's CDR line: " + cdr);
            assertEquals(1.0, gw.metric("sbc_calls_recovered_total"));
            assertEquals(0.0, gw.metric("sbc_calls_active"), "the ended call is not carried on as a live one");
        } finally {
            gw.close();
        }
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trunk calls a local user registered from two phones (two SIPp instances that REGISTER, then
 * wait as UAS on the same address): both ring, the first 200 wins and the other is cancelled.
 */
@Timeout(120)
class ForkingSippIT {

    private static final String TRUNK_IP = "127.0.0.3";
    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.start(TestGateway.trunk(TRUNK_IP, TestGateway.freeUdpAndTcpPort()));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static void registerBob(String ip, int port) throws Exception {
        Sipp.Result r = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", ip, port,
                List.of("bob;" + Sipp.auth("bob", TestGateway.BOB_PASSWORD))).await();
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void bothContactsRingFirstAnswerWinsTheOtherIsCancelled() throws Exception {
        int deskPort = TestGateway.freeUdpAndTcpPort();
        int softPort = TestGateway.freeUdpAndTcpPort();
        registerBob("127.0.0.4", deskPort);
        registerBob("127.0.0.5", softPort);
        assertEquals(2.0, gw.metric("sbc_registrar_bindings"));

        Sipp.Running desk = Sipp.start("uas-answer.xml", null, "u1", "127.0.0.4", deskPort, null);
        Sipp.Running soft = Sipp.start("uas-ring.xml", null, "u1", "127.0.0.5", softPort, null);
        Thread.sleep(200);
        Sipp.Result caller = Sipp.start("uac-trunk-call.xml", "127.0.0.1:" + gw.sipPort, "u1", TRUNK_IP,
                TestGateway.freeUdpAndTcpPort(), List.of("+15550100;;bob")).await();
        Sipp.Result answered = desk.await();
        Sipp.Result cancelled = soft.await();
        assertEquals(0, caller.exitCode(), "trunk: " + caller.output());
        assertEquals(0, answered.exitCode(), "answering phone: " + answered.output());
        assertEquals(0, cancelled.exitCode(), "ringing phone: " + cancelled.output());

        gw.awaitCallsReleased();
        List<String> cdr = gw.awaitCdrLines(1);
        String line = cdr.get(cdr.size() - 1);
        assertTrue(line.contains("\"caller\":\"+15550100@default\"") && line.contains("\"disposition\":\"answered\""), line);
    }
}

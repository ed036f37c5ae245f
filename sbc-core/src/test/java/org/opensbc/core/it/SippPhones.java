package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** SIPp as registered phones of a shipped gateway: register one, call one from alice. */
final class SippPhones {

    private SippPhones() {
    }

    /** {@code user} registers from {@code ip} with a Contact on {@code listenPort}, where it is called later. */
    static void register(ShippedGateway gw, String user, String ip, int listenPort) throws Exception {
        Sipp.Result r = Sipp.start("register-contact-port.xml", "127.0.0.1:" + gw.sipPort, "u1", ip,
                TestGateway.freeUdpAndTcpPort(),
                List.of(user + ";" + Sipp.auth(user, ShippedGateway.password(user)) + ";" + listenPort)).await();
        assertEquals(0, r.exitCode(), r.output());
    }

    /**
     * Alice (SIPp, authenticated) calls {@code callee}, answered by a SIPp phone at ip:port; the
     * callee's scenario must succeed, and the caller's exit code is returned.
     */
    static int callFromAlice(ShippedGateway gw, String callee, String ip, int port) throws Exception {
        Sipp.Running phone = Sipp.start("uas-answer.xml", null, "u1", ip, port, null);
        Thread.sleep(200);
        Sipp.Result caller = Sipp.start("uac-call.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.2",
                TestGateway.freeUdpAndTcpPort(),
                List.of("alice;" + Sipp.auth("alice", ShippedGateway.password("alice")) + ";" + callee)).await();
        Sipp.Result answered = phone.await();
        assertEquals(0, answered.exitCode(), answered.output());
        return caller.exitCode();
    }
}

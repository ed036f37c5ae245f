package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19: the gateway killed with -9 and started again on its shipped defaults (the embedded
 * store in dataDir) still knows every registration and every ban. A SIPp phone registered before
 * the kill is called after it without registering again; a JsSIP page, whose WebSocket died with
 * the process, is marked unreachable until JsSIP reconnects (it registers again on its own when
 * its WebSocket comes back) and is then called; a source banned before is still banned.
 */
@Timeout(240)
class RestartIT {

    private static final String BOB_IP = "127.0.0.4";
    private static final String ATTACKER_IP = "127.0.0.9";

    @Test
    void registrationsAndBansOutliveAKill() throws Exception {
        try (ShippedGateway gw = ShippedGateway.start()) {
            int listenPort = TestGateway.freeUdpAndTcpPort();
            SippPhones.register(gw, "bob", BOB_IP, listenPort);
            ban(gw);
            try (BrowserPhone carol = BrowserPhone.register(gw.wssPort, "carol", ShippedGateway.password("carol"), true,
                    null, null)) {
                gw.kill();
                gw.restart();

                String listing = gw.admin("/registrations");
                assertTrue(listing.contains("\"contact\":\"sip:bob@" + BOB_IP + ":" + listenPort), listing);
                assertTrue(gw.log().contains("state restored from the sqlite store: 2 bindings, 1 bans"), gw.log());
                try (UdpPeer attacker = new UdpPeer(ATTACKER_IP, gw.sipPort)) {
                    attacker.send(attacker.options("after-restart"));
                    assertNull(attacker.finalResponse(2000), "the ban holds after the restart");
                }

                assertEquals(0, SippPhones.callFromAlice(gw, "bob", BOB_IP, listenPort),
                        "bob, registered before the kill, is called");

                carol.await(60, "reregistered"); // JsSIP's own reconnection registers again
                Sipp.Result toCarol = Sipp.start("uac-call.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.2",
                        TestGateway.freeUdpAndTcpPort(),
                        List.of("alice;" + Sipp.auth("alice", ShippedGateway.password("alice")) + ";carol")).await();
                assertEquals(0, toCarol.exitCode(), "carol is called over her new WebSocket: " + toCarol.output());
            }
            gw.awaitCallsReleased();
        }
    }

    /** Ten wrong passwords from one source: the default ban (10 failures in 60 s, for 300 s). */
    private static void ban(ShippedGateway gw) throws Exception {
        String uri = "sip:127.0.0.1:" + gw.sipPort;
        try (UdpPeer attacker = new UdpPeer(ATTACKER_IP, gw.sipPort)) {
            for (int i = 0; i < 10; i++) { // bounded: the tenth failure bans
                attacker.send(attacker.register("alice", "guess-" + i, 1, null));
                String challenge = attacker.finalResponse(3000);
                assertTrue(challenge != null && challenge.startsWith("SIP/2.0 401"), "attempt " + i + ": " + challenge);
                attacker.send(attacker.register("alice", "guess-" + i, 2,
                        DigestClient.authorization("alice", "wrong-" + i, DigestClient.nonce(challenge), uri, 1)));
                assertTrue(attacker.finalResponse(3000).startsWith("SIP/2.0 403"));
            }
        }
        gw.awaitMetric("sbc_auth_banned_sources", 1);
    }

}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 3261 section 18.1.1: alice's INVITE is over 1,300 bytes and the trunk is configured as
 * taking TCP on its port, so the gateway sends its INVITE over TCP (the SIPp UAS listens on TCP
 * only: the call passes only if the INVITE, ACK and BYE reached it there). With
 * {@code udpSizeLimit: 0} the same INVITE stays on UDP, and when the trunk refuses the TCP
 * connection the INVITE is retried over UDP. Each test runs its own gateway.
 */
@Timeout(120)
class LargeInviteSippIT {

    private static final String TRUNK_IP = "127.0.0.3";

    @Test
    void largeInviteToATcpCapableTrunkGoesOverTcp() throws Exception {
        String calleeLog = call("", "t1", "uac-call-large.xml");
        String invite = CallsSippIT.messages(calleeLog, "received").get(0);
        assertTrue(invite.startsWith("INVITE ") && invite.contains("Via: SIP/2.0/TCP ")
                && invite.contains("directory.example.com/cards/alice/12.vcf") && invite.length() > 1300, invite);
    }

    @Test
    void smallInviteToTheSameTrunkStaysOnUdp() throws Exception {
        String calleeLog = call("", "u1", "uac-call.xml");
        assertTrue(CallsSippIT.messages(calleeLog, "received").get(0).contains("Via: SIP/2.0/UDP "));
    }

    @Test
    void largeInviteFallsBackToUdpWhenTheTrunkRefusesTcp() throws Exception {
        // the UAS listens on UDP only: the TCP connect is refused, RFC 3261 18.1.1 says retry over UDP
        String calleeLog = call("", "u1", "uac-call-large.xml");
        String invite = CallsSippIT.messages(calleeLog, "received").get(0);
        assertTrue(invite.contains("Via: SIP/2.0/UDP ") && invite.length() > 1300, invite);
    }

    @Test
    void udpSizeLimitZeroKeepsLargeInvitesOnUdp() throws Exception {
        String calleeLog = call("calls: { udpSizeLimit: 0 }", "u1", "uac-call-large.xml");
        String invite = CallsSippIT.messages(calleeLog, "received").get(0);
        assertTrue(invite.contains("Via: SIP/2.0/UDP ") && invite.length() > 1300, invite);
    }

    /** One call from alice to the trunk, whose UAS listens on {@code trunkTransport}; the UAS's message log. */
    private static String call(String extraYaml, String trunkTransport, String callerScenario) throws Exception {
        int trunkPort = TestGateway.freeUdpAndTcpPort();
        try (TestGateway gw = TestGateway.start("""
                trunk: { enabled: true, host: %s, port: %d, tcp: true }
                %s
                """.formatted(TRUNK_IP, trunkPort, extraYaml))) {
            Sipp.Running callee = Sipp.start("uas-answer.xml", null, trunkTransport, TRUNK_IP, trunkPort, null);
            Thread.sleep(200); // let the UAS bind its socket
            Sipp.Result caller = Sipp.start(callerScenario, "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.2",
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";+15551234")).await();
            Sipp.Result uas = callee.await();
            assertEquals(0, caller.exitCode(), "caller: " + caller.output());
            assertEquals(0, uas.exitCode(), "callee: " + uas.output());
            gw.awaitCallsReleased();
            return callee.messages();
        }
    }
}

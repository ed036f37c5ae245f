package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIPp to SIPp with the media anchored: alice's SIPp plays G.711 RTP to the address in the 200's
 * SDP, the trunk's SIPp echoes every packet back to where it came from. Both SDPs name only the
 * gateway, the relay carries the packets both ways, and the ports go back to the pool.
 */
@Timeout(120)
class MediaAnchoringSippIT {

    private static final String CALLER_IP = "127.0.0.2";
    private static final String TRUNK_IP = "127.0.0.3";
    private static final int FIRST_PORT = 36000;
    private static final int LAST_PORT = 36099;
    private static final Pattern MEDIA_PORT = Pattern.compile("m=audio (\\d+) ");

    @Test
    void sippToSippMediaIsAnchoredAndRelayedBothWays() throws Exception {
        int trunkPort = TestGateway.freeUdpAndTcpPort();
        int callerMedia = 36200;
        int calleeMedia = 36300;
        try (TestGateway gw = TestGateway.start(TestGateway.trunk(TRUNK_IP, trunkPort) + "\n"
                + "media: { address: 127.0.0.1, firstPort: %d, lastPort: %d }".formatted(FIRST_PORT, LAST_PORT))) {
            Sipp.Running callee = Sipp.start("uas-answer.xml", null, "u1", TRUNK_IP, trunkPort, null,
                    "-mi", TRUNK_IP, "-mp", Integer.toString(calleeMedia), "-rtp_echo");
            Thread.sleep(200);
            Sipp.Running callerRun = Sipp.start("uac-call-media.xml", "127.0.0.1:" + gw.sipPort, "u1", CALLER_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";+15551234"),
                    "-mi", CALLER_IP, "-mp", Integer.toString(callerMedia));
            Sipp.Result caller = callerRun.await();
            Sipp.Result uas = callee.await();
            assertEquals(0, caller.exitCode(), "caller: " + caller.output());
            assertEquals(0, uas.exitCode(), "callee: " + uas.output());

            String offerSeen = CallsSippIT.messages(callee.messages(), "received").get(0);
            assertTrue(offerSeen.contains("c=IN IP4 127.0.0.1"), offerSeen);
            assertFalse(offerSeen.contains(CALLER_IP), "the caller's address reached the trunk: " + offerSeen);
            assertInRange(offerSeen);
            String answerSeen = CallsSippIT.messages(callerRun.messages(), "received").stream()
                    .filter(m -> m.startsWith("SIP/2.0 200") && m.contains("application/sdp")).findFirst().orElseThrow();
            assertTrue(answerSeen.contains("c=IN IP4 127.0.0.1"), answerSeen);
            assertFalse(answerSeen.contains(TRUNK_IP), "the trunk's address reached the caller: " + answerSeen);
            assertInRange(answerSeen);

            // 2 s of 20 ms packets from alice, each echoed by the trunk: both directions carried
            double fromCaller = gw.metric("sbc_media_packets_relayed_total{from=\"caller\"}");
            double fromCallee = gw.metric("sbc_media_packets_relayed_total{from=\"callee\"}");
            assertTrue(fromCaller >= 40 && fromCallee >= 40, "relayed from caller " + fromCaller + ", from callee " + fromCallee);
            assertEquals(0.0, gw.metric("sbc_media_packets_foreign_total{from=\"caller\"}"));
            assertEquals(0.0, gw.metric("sbc_media_packets_malformed_total{from=\"callee\"}"));
            gw.awaitCallsReleased();
        }
    }

    private static void assertInRange(String message) {
        Matcher m = MEDIA_PORT.matcher(message);
        assertTrue(m.find(), message);
        int port = Integer.parseInt(m.group(1));
        assertTrue(port >= FIRST_PORT && port <= LAST_PORT, "media port " + port + " is not the gateway's");
    }
}

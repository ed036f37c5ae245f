package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 4028 through the gateway: a caller that asks for JsSIP's 90 s session timer gets it (no 422),
 * is made the refresher, and never refreshes; about 60 s after the answer the gateway ends the
 * call with BYE on both legs. The callee (SIPp, no timer support) never sees the caller's timer,
 * and is refreshed by the gateway itself (re-INVITE at half of {@code sessionExpiresSeconds: 90}).
 */
@Timeout(150)
class SessionTimerSippIT {

    @Test
    void callWhoseRefreshesStopIsEndedOnBothLegs() throws Exception {
        int trunkPort = TestGateway.freeUdpAndTcpPort();
        try (TestGateway gw = TestGateway.start(TestGateway.trunk("127.0.0.3", trunkPort)
                + "\ncalls: { sessionExpiresSeconds: 90 }"
                // these SIPp calls carry no RTP: the session timer, not the media timeout, must end them
                + "\nmedia: { address: 127.0.0.1, timeoutSeconds: 0 }")) {
            Sipp.Running callee = Sipp.start("uas-answer-refreshed.xml", null, "u1", "127.0.0.3", trunkPort, null, "-timeout", "100s");
            Thread.sleep(200);
            long start = System.nanoTime();
            Sipp.Running caller = Sipp.start("uac-call-no-refresh.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.2",
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";+15551234"), "-timeout", "100s");
            Sipp.Result callerResult = caller.await(110);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            Sipp.Result calleeResult = callee.await(20);
            assertEquals(0, callerResult.exitCode(), "caller: " + callerResult.output());
            assertEquals(0, calleeResult.exitCode(), "callee: " + calleeResult.output());
            assertTrue(seconds >= 55 && seconds <= 75, "ended after " + seconds + " s, expected about 60");
            double refreshAfter = secondsBetween(callee.messages(), "ACK ", "INVITE ");
            assertTrue(refreshAfter >= 40 && refreshAfter <= 50, "callee refreshed " + refreshAfter + " s after the ACK, expected 45");
            gw.awaitMetric("sbc_calls_active", 0);
            List<String> cdr = gw.awaitCdrLines(1);
            assertTrue(cdr.get(cdr.size() - 1).contains("\"endedBy\":\"gateway\""), cdr.toString());
        }
    }

    /**
     * Seconds from the first received request starting with {@code first} to the next received
     * one starting with {@code then}, from the timestamps of a SIPp -trace_msg log.
     */
    private static double secondsBetween(String log, String first, String then) {
        Matcher block = Pattern.compile("-{20,} \\S+ (\\d\\d):(\\d\\d):([\\d.]+)\\n[^\\n]*message received[^\\n]*\\n\\s*(\\S+ )")
                .matcher(log.replace("\r", ""));
        double start = -1;
        while (block.find()) {
            double at = Integer.parseInt(block.group(1)) * 3600 + Integer.parseInt(block.group(2)) * 60
                    + Double.parseDouble(block.group(3));
            if (start < 0 && block.group(4).equals(first)) {
                start = at;
            } else if (start >= 0 && block.group(4).equals(then)) {
                return at - start;
            }
        }
        throw new AssertionError("no received " + first + "followed by " + then + " in:\n" + log);
    }
}

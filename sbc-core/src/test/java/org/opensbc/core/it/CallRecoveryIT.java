package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls up when the gateway dies, on the shipped configuration (the embedded store): after
 * {@code kill -9} and a restart on the same data directory each call the dead run left gets its
 * CDR line (endedBy "restart") and a BYE on both legs, which run over UDP (SIPp on each side ends
 * its scenario only on that BYE). After a graceful stop nothing is left to recover.
 */
@Timeout(240)
class CallRecoveryIT {

    /** A caller and its registered callee, each SIPp process on an address of its own. */
    private record Pair(Sipp.Running caller, Sipp.Running callee) { }

    @Test
    void callsUpAtAKillAreEndedByTheRestartWithByesAndCdrLines() throws Exception {
        ShippedGateway gw = ShippedGateway.start();
        try {
            // a call that ends before the kill: its record goes with it, nothing is left to recover
            Pair ended = call(gw, "dave", "127.0.0.7", "uac-call.xml", "carol", "127.0.0.8", "uas-answer.xml");
            assertEquals(0, ended.caller().await(30).exitCode(), "the call before the kill ends as usual");
            assertEquals(0, ended.callee().await(30).exitCode());
            Pair plain = call(gw, "alice", "127.0.0.2", "uac-call-far-hangup.xml", "bob", "127.0.0.4", "uas-answer.xml");
            // this one's re-INVITE goes to its callee as the gateway's CSeq 2 on that dialog
            Pair moved = call(gw, "carol", "127.0.0.5", "uac-call-reinvite-far-hangup.xml", "dave", "127.0.0.6",
                    "uas-answer-reinvited.xml");
            GracefulShutdownIT.awaitTrue(() -> gw.metric("sbc_calls_active") == 2.0
                    && count(gw.admin("/calls"), "\"state\":\"answered\"") == 2, "both calls are up");
            Thread.sleep(500); // the second call's re-INVITE and ACKs
            // the records were queued as the calls were answered and moved on; the store writes them behind
            GracefulShutdownIT.awaitTrue(() -> gw.metric("sbc_state_queued") == 0.0, "the records are written");

            gw.kill();
            assertEquals(1, gw.awaitCdrLines(0).size(), "only the ended call's CDR line before the kill");
            gw.restart();

            for (Pair pair : List.of(plain, moved)) {
                for (Sipp.Running side : List.of(pair.caller(), pair.callee())) {
                    Sipp.Result result = side.await(60);
                    assertEquals(0, result.exitCode(), "a BYE came after the restart: " + result.output());
                }
            }
            assertEquals(List.of("1"), byeCseqs(plain.caller().messages()), "nothing was sent to the caller before");
            assertEquals(List.of("2"), byeCseqs(plain.callee().messages()), "after the INVITE's CSeq 1");
            assertEquals(List.of("3"), byeCseqs(moved.callee().messages()), "after the re-INVITE's CSeq 2");
            List<String> cdr = awaitCdrLines(gw, 3);
            assertEquals(3, cdr.size(), "one CDR line per call: " + cdr + "\n" + gw.log());
            assertTrue(cdr.get(0).contains("\"caller\":\"dave@") && cdr.get(0).contains("\"endedBy\":\"caller\""),
                    cdr.get(0));
            for (String caller : List.of("alice", "carol")) {
                assertTrue(cdr.stream().anyMatch(l -> l.contains("\"caller\":\"" + caller + "@")
                        && l.contains("\"disposition\":\"answered\"") && l.contains("\"endedBy\":\"restart\"")),
                        caller + "'s call: " + cdr);
            }
            assertEquals(2.0, gw.metric("sbc_calls_recovered_total"));
            assertEquals(0.0, gw.metric("sbc_calls_active"), "ended calls are not carried on as live ones");
        } finally {
            gw.close();
        }
    }

    @Test
    void aGracefulStopEndsItsCallsAndLeavesNoneToRecover() throws Exception {
        String sbc = ShippedGateway.shipped("sbc.yaml") + "\nshutdown: { drainSeconds: 1 }\n";
        ShippedGateway gw = ShippedGateway.start(Map.of("sbc.yaml", sbc));
        try {
            Pair pair = call(gw, "alice", "127.0.0.2", "uac-call-far-hangup.xml", "bob", "127.0.0.4", "uas-answer.xml");
            GracefulShutdownIT.awaitTrue(() -> gw.admin("/calls").contains("\"state\":\"answered\""), "the call is up");
            GracefulShutdownIT.awaitTrue(() -> gw.metric("sbc_state_queued") == 0.0, "its record is written");

            assertEquals(0, gw.stop(30), "a clean stop exits 0:\n" + gw.log());
            assertEquals(0, pair.caller().await(30).exitCode(), "the drain's BYE reached the caller");
            assertEquals(0, pair.callee().await(30).exitCode(), "the drain's BYE reached the callee");
            gw.restart();

            assertEquals(0.0, gw.metric("sbc_calls_recovered_total"), "the record went with the call:\n" + gw.log());
            List<String> cdr = gw.awaitCdrLines(2);
            assertEquals(1, cdr.size(), "only the drain's CDR line: " + cdr);
            assertTrue(cdr.get(0).contains("\"endedBy\":\"shutdown\""), cdr.get(0));
        } finally {
            gw.close();
        }
    }

    /** The CDR lines once there are {@code count}, or what is there after 20 s (a box busy with other builds). */
    private static List<String> awaitCdrLines(ShippedGateway gw, int count) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> lines = gw.awaitCdrLines(count);
        while (lines.size() < count && System.nanoTime() < deadline) {
            lines = gw.awaitCdrLines(count);
        }
        return lines;
    }

    /** {@code callee} registers from its own address, answers there; {@code caller} dials it. */
    private static Pair call(ShippedGateway gw, String caller, String callerIp, String callerScenario, String callee,
            String calleeIp, String calleeScenario) throws Exception {
        int calleePort = TestGateway.freeUdpAndTcpPort();
        Sipp.Result registered = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", calleeIp, calleePort,
                List.of(callee + ";" + Sipp.auth(callee, ShippedGateway.password(callee)))).await();
        assertEquals(0, registered.exitCode(), registered.output());
        // each side waits for a BYE once the call is up, and fails on its -timeout without one
        Sipp.Running answering = Sipp.start(calleeScenario, null, "u1", calleeIp, calleePort, null, "-timeout", "90s");
        Thread.sleep(200);
        Sipp.Running calling = Sipp.start(callerScenario, "127.0.0.1:" + gw.sipPort, "u1", callerIp,
                TestGateway.freeUdpAndTcpPort(),
                List.of(caller + ";" + Sipp.auth(caller, ShippedGateway.password(caller)) + ";" + callee),
                "-timeout", "90s");
        return new Pair(calling, answering);
    }

    /** The CSeq numbers of the BYE requests in a SIPp message trace (a retransmission counted once). */
    private static List<String> byeCseqs(String trace) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        Matcher bye = Pattern.compile("(?m)^BYE sip:").matcher(trace);
        Matcher cseq = Pattern.compile("(?m)^CSeq: *(\\d+) +BYE").matcher(trace);
        while (bye.find()) {
            if (cseq.find(bye.end())) {
                out.add(cseq.group(1));
            }
        }
        return List.copyOf(out);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls through the B2BUA between two real SIPp instances over UDP: alice's phone (127.0.0.2,
 * digest-authenticated) dials a number, the gateway routes it to the default trunk, a SIPp UAS on
 * 127.0.0.3. After every call the call and dialog gauges are back to 0 and the CDR has one more line.
 */
@Timeout(120)
class CallsSippIT {

    static final String CALLER_IP = "127.0.0.2";
    static final String TRUNK_IP = "127.0.0.3";
    static final String NUMBER = "+15551234";

    private static TestGateway gw;
    private static int trunkPort;
    private long cdrLinesBefore;

    @BeforeAll
    static void start() throws Exception {
        trunkPort = TestGateway.freeUdpAndTcpPort();
        gw = TestGateway.start("""
                trunk: { enabled: true, host: %s, port: %d }
                calls: { ringTimeoutSeconds: 3 }
                """.formatted(TRUNK_IP, trunkPort));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void countCdr() throws Exception {
        cdrLinesBefore = cdrLines().size();
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
    }

    static List<String> cdrLines() throws Exception {
        return gw.cdrLines();
    }

    /** The one CDR line this test's call wrote. */
    private String newCdrLine() throws Exception {
        List<String> lines = gw.awaitCdrLines((int) cdrLinesBefore + 1);
        assertEquals(cdrLinesBefore + 1, lines.size(), "one CDR line per call: " + lines);
        return lines.get(lines.size() - 1);
    }

    private static List<String> alice(String dialled) {
        return List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";" + dialled);
    }

    /** Runs a UAS on the trunk address and a UAC as alice; both must pass. Returns both runs. */
    private static Sipp.Running[] call(String uas, String uac, String dialled) throws Exception {
        Sipp.Running callee = Sipp.start(uas, null, "u1", TRUNK_IP, trunkPort, null);
        Thread.sleep(200); // let the UAS bind its socket
        Sipp.Running caller = Sipp.start(uac, "127.0.0.1:" + gw.sipPort, "u1", CALLER_IP,
                TestGateway.freeUdpAndTcpPort(), alice(dialled));
        Sipp.Result uacResult = caller.await();
        Sipp.Result uasResult = callee.await();
        assertEquals(0, uacResult.exitCode(), "caller: " + uacResult.output());
        assertEquals(0, uasResult.exitCode(), "callee: " + uasResult.output());
        return new Sipp.Running[] {caller, callee};
    }

    @Test
    void basicCallCallerHangsUp() throws Exception {
        call("uas-answer.xml", "uac-call.xml", NUMBER);
        String line = newCdrLine();
        assertTrue(line.contains("\"disposition\":\"answered\"") && line.contains("\"endedBy\":\"caller\"")
                && line.contains("\"sipCode\":200") && line.contains("\"callee\":\"" + NUMBER + "@"), line);
    }

    @Test
    void basicCallCalleeHangsUp() throws Exception {
        call("uas-hangup.xml", "uac-call-far-hangup.xml", NUMBER);
        assertTrue(newCdrLine().contains("\"endedBy\":\"callee\""));
    }

    @Test
    void cancelBeforeAnswerReachesTheCallee() throws Exception {
        call("uas-ring.xml", "uac-cancel.xml", NUMBER);
        assertTrue(newCdrLine().contains("\"disposition\":\"cancelled\",\"sipCode\":487"));
    }

    @Test
    void busyIsRelayed() throws Exception {
        call("uas-busy.xml", "uac-call-486.xml", NUMBER);
        assertTrue(newCdrLine().contains("\"disposition\":\"busy\",\"sipCode\":486"));
    }

    @Test
    void noAnswerWithinRingTimeGives480AndCancelsTheCallee() throws Exception {
        call("uas-ring.xml", "uac-call-480.xml", NUMBER);
        String line = newCdrLine();
        assertTrue(line.contains("\"disposition\":\"no-answer\",\"sipCode\":480"), line);
    }

    @Test
    void trunk503BecomesA500WithoutTrunkDetails() throws Exception {
        Sipp.Running[] runs = call("uas-unavailable.xml", "uac-call-500.xml", NUMBER);
        String seenByCaller = receivedHeaders(runs[0].messages());
        assertFalse(seenByCaller.contains("carrier-gw3") || seenByCaller.contains("Retry-After")
                || seenByCaller.contains("overloaded"), seenByCaller);
        assertTrue(newCdrLine().contains("\"sipCode\":500"));
    }

    @Test
    void holdResumeUpdateRefreshAndInfoCrossTheCall() throws Exception {
        call("uas-hold-resume.xml", "uac-call-hold-resume.xml", NUMBER);
        assertTrue(newCdrLine().contains("\"disposition\":\"answered\""));
    }

    @Test
    void unknownLocalUserIs404() throws Exception {
        Sipp.Result r = Sipp.start("uac-call-404.xml", "127.0.0.1:" + gw.sipPort, "u1", CALLER_IP,
                TestGateway.freeUdpAndTcpPort(), alice("mallory")).await();
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(newCdrLine().contains("\"disposition\":\"rejected\",\"sipCode\":404"));
    }

    @Test
    void knownUserWithoutRegistrationIs480() throws Exception {
        Sipp.Result r = Sipp.start("uac-call-480.xml", "127.0.0.1:" + gw.sipPort, "u1", CALLER_IP,
                TestGateway.freeUdpAndTcpPort(), alice("bob")).await();
        assertEquals(0, r.exitCode(), r.output());
        String line = newCdrLine();
        assertTrue(line.contains("\"disposition\":\"not-registered\",\"sipCode\":480"), "not a no-answer: " + line);
    }

    @Test
    void nothingOfOneLegsTopologyReachesTheOther() throws Exception {
        Sipp.Running[] runs = call("uas-answer.xml", "uac-call.xml", NUMBER);
        String callerLog = runs[0].messages();
        String calleeLog = runs[1].messages();
        String callerCallId = firstHeader(callerLog, "sent", "Call-ID");
        String callerTag = tag(firstHeader(callerLog, "sent", "From"));
        String calleeCallId = firstHeader(calleeLog, "received", "Call-ID");
        String calleeTag = tag(firstHeader(calleeLog, "sent", "To"));

        // whole messages, bodies included: the media relay anchors the SDP too
        String seenByCallee = String.join("\n---\n", messages(calleeLog, "received"));
        for (String leak : List.of(CALLER_IP, callerCallId, callerTag, "caller-phone", "X-Internal-Route", "192.0.2.77")) {
            assertFalse(seenByCallee.contains(leak), "callee saw '" + leak + "':\n" + seenByCallee);
        }
        String seenByCaller = String.join("\n---\n", messages(callerLog, "received"));
        for (String leak : List.of(TRUNK_IP, calleeCallId, calleeTag, "carrier-gw3", "Warning:", "Server:")) {
            assertFalse(seenByCaller.contains(leak), "caller saw '" + leak + "':\n" + seenByCaller);
        }
        assertFalse(callerCallId.equals(calleeCallId));
        // the only Via the callee saw is the gateway's
        Matcher via = Pattern.compile("(?m)^Via: SIP/2.0/UDP ([^;]+)").matcher(seenByCallee);
        while (via.find()) {
            assertEquals("127.0.0.1:" + gw.sipPort, via.group(1));
        }
        newCdrLine();
    }

    /** Header sections (no bodies) of received messages. */
    static String receivedHeaders(String log) {
        StringBuilder out = new StringBuilder();
        for (String block : messages(log, "received")) {
            int end = block.indexOf("\n\n");
            out.append(end < 0 ? block : block.substring(0, end)).append("\n---\n");
        }
        return out.toString();
    }

    /** Messages of a SIPp -trace_msg log that SIPp "sent" or "received", each from its start line. */
    static List<String> messages(String log, String direction) {
        List<String> out = new ArrayList<>();
        for (String block : log.replace("\r", "").split("-{20,} ")) {
            int header = block.indexOf(" message " + direction);
            if (header < 0) {
                continue;
            }
            int start = block.indexOf('\n', header);
            String message = block.substring(start + 1).stripLeading();
            out.add(message);
        }
        return out;
    }

    private static String firstHeader(String log, String direction, String name) {
        for (String message : messages(log, direction)) {
            Matcher m = Pattern.compile("(?mi)^" + name + ":\\s*(.+)$").matcher(message);
            if (m.find()) {
                return m.group(1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + direction + " messages:\n" + log);
    }

    private static String tag(String header) {
        Matcher m = Pattern.compile("tag=([^;>\\s]+)").matcher(header);
        if (!m.find()) {
            throw new AssertionError("no tag in " + header);
        }
        return m.group(1);
    }
}

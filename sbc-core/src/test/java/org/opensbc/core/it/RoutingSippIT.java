package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routing rules, trunks and ACLs with real SIPp peers. Alice (127.0.0.2, digest) dials numbers;
 * the rules send them to SIPp trunks by prefix: trunk A (127.0.0.3, at most one call), trunk B
 * (127.0.0.4), and trunk C (127.0.0.5, OPTIONS-checked, where nothing answers). Failover, trunk
 * health, call admission, the open-relay guard, ACL drops, rate-limit bans and reloads during a
 * call, each through the real path.
 */
@Timeout(180)
class RoutingSippIT {

    private static final String ALICE_IP = "127.0.0.2";
    private static TestGateway gw;
    private static int portA;
    private static int portB;
    private static int portC;
    private static String rules;
    private static SilentTrunk trunkC;
    private static int portD;
    private static int portR;
    private static Sipp.Running registrar;

    @BeforeAll
    static void start() throws Exception {
        portA = TestGateway.freeUdpAndTcpPort();
        portB = TestGateway.freeUdpAndTcpPort();
        portC = TestGateway.freeUdpAndTcpPort();
        trunkC = new SilentTrunk("127.0.0.5", portC);
        portD = TestGateway.freeUdpAndTcpPort();
        portR = TestGateway.freeUdpAndTcpPort();
        registrar = trunk("uas-registrar.xml", "127.0.0.11", portR); // up before the gateway registers
        rules = """
                trunks:
                  - { name: trunk-a, host: 127.0.0.3, port: %d, maxCalls: 1 }
                  - { name: trunk-b, host: 127.0.0.4, port: %d }
                  - name: trunk-c
                    host: 127.0.0.5
                    port: %d
                    healthCheck: { intervalSeconds: 1, downAfter: 2, upAfter: 1 }
                  - name: carrier-d
                    host: 127.0.0.10
                    port: %d
                    digest: { username: acct123, password: s3cret-pass }
                  - name: provider-r
                    host: 127.0.0.11
                    port: %d
                    digest: { username: acct123, password: s3cret-pass, register: true, expiresSeconds: 60 }
                trunkGroups:
                  - { name: a-then-b, strategy: failover, trunks: [trunk-a, trunk-b] }
                  - { name: c-then-b, strategy: failover, trunks: [trunk-c, trunk-b] }
                rules:
                  - name: uk
                    match: { requestUser: { prefix: "+44" } }
                    route: { trunk: trunk-a }
                  - name: france
                    match: { requestUser: { prefix: "+33" } }
                    route: { trunk: trunk-b }
                  - name: french-national
                    match: { requestUser: { regex: "0[1-9][0-9]{8}" } }
                    rewrite: { strip: 1, prefix: "+33" }
                    headers: { add: { X-Route: french-national } }
                    route: { trunk: trunk-b }
                  - name: germany
                    match: { requestUser: { prefix: "+49" } }
                    route: { trunkGroup: a-then-b }
                  - name: italy
                    match: { requestUser: { prefix: "+39" } }
                    route: { trunkGroup: c-then-b }
                  - name: north-america
                    match: { requestUser: { prefix: "+1" } }
                    route: { trunk: carrier-d }
                  - name: local-users
                    match: { requestDomain: local, requestUser: { known: true } }
                    route: { user: true }
                """.formatted(portA, portB, portC, portD, portR);
        String acl = """
                listeners: { udp: { deny: [127.0.0.9/32] } }
                rateLimit: { requestsPerSecond: 20, burst: 40, banSeconds: 60 }
                """;
        gw = TestGateway.start("calls: { ringTimeoutSeconds: 10, failoverTimeoutSeconds: 1 }", "",
                Map.of("routing.yaml", rules, "acl.yaml", acl));
    }

    @AfterAll
    static void stop() {
        gw.close();
        trunkC.close();
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
        gw.awaitMetric("sbc_trunk_calls{trunk=\"trunk-a\"}", 0);
    }

    private static List<String> alice(String dialled) {
        return List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";" + dialled);
    }

    private static Sipp.Running trunk(String scenario, String ip, int port) throws Exception {
        Sipp.Running uas = Sipp.start(scenario, null, "u1", ip, port, null);
        Thread.sleep(200); // let it bind
        return uas;
    }

    private static Sipp.Running aliceCalls(String scenario, String dialled, String... extra) throws Exception {
        return Sipp.start(scenario, "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP, TestGateway.freeUdpAndTcpPort(),
                alice(dialled), extra);
    }

    private static void passes(Sipp.Running run, String who) throws Exception {
        Sipp.Result r = run.await();
        assertEquals(0, r.exitCode(), who + ": " + r.output());
    }

    /** The Request-URI of the INVITE a UAS received. */
    private static String inviteUri(Sipp.Running uas) throws Exception {
        for (String line : uas.messages().split("\n")) {
            if (line.startsWith("INVITE ")) {
                return line.split(" ")[1];
            }
        }
        return "";
    }

    @Test
    void callsGoToTheTrunkTheirPrefixNames() throws Exception {
        Sipp.Running a = trunk("uas-answer.xml", "127.0.0.3", portA);
        passes(aliceCalls("uac-call.xml", "+442079460000"), "caller");
        passes(a, "trunk A");
        assertTrue(inviteUri(a).startsWith("sip:+442079460000@127.0.0.3"), inviteUri(a));

        Sipp.Running b = trunk("uas-answer.xml", "127.0.0.4", portB);
        passes(aliceCalls("uac-call.xml", "+33142686000"), "caller");
        passes(b, "trunk B");
        assertTrue(inviteUri(b).startsWith("sip:+33142686000@127.0.0.4"), inviteUri(b));
    }

    @Test
    void aNationalNumberIsRewrittenAndTheRulesHeaderAdded() throws Exception {
        Sipp.Running b = trunk("uas-answer.xml", "127.0.0.4", portB);
        passes(aliceCalls("uac-call.xml", "0142686000"), "caller");
        passes(b, "trunk B");
        assertTrue(inviteUri(b).startsWith("sip:+33142686000@127.0.0.4"), "rewritten to E.164: " + inviteUri(b));
        String invite = b.messages().substring(b.messages().indexOf("INVITE sip:"));
        assertTrue(invite.contains("X-Route: french-national"), invite);
    }

    @Test
    void a503FromThePrimaryTrunkFailsOverToTheNext() throws Exception {
        Sipp.Running a = trunk("uas-unavailable.xml", "127.0.0.3", portA);
        Sipp.Running b = trunk("uas-answer.xml", "127.0.0.4", portB);
        passes(aliceCalls("uac-call.xml", "+4930123456"), "caller");
        passes(a, "trunk A (503)");
        passes(b, "trunk B (answers)");
    }

    @Test
    void aTrunkThatDoesNotAnswerAtAllIsLeftForTheNext() throws Exception {
        Sipp.Running b = trunk("uas-answer.xml", "127.0.0.4", portB); // nothing listens on trunk A
        long started = System.nanoTime();
        passes(aliceCalls("uac-call.xml", "+4930123457"), "caller");
        passes(b, "trunk B");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds >= 1 && seconds < 8, "failed over after failoverTimeoutSeconds (1 s), took " + seconds);
    }

    @Test
    void aTrunkMarkedDownByOptionsIsSkipped() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!gw.admin("/trunks").contains("\"name\":\"trunk-c\",\"host\":\"127.0.0.5\",\"address\":\"127.0.0.5\","
                + "\"port\":" + portC + ",\"transport\":\"udp\",\"state\":\"down\"") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(gw.admin("/trunks").contains("\"state\":\"down\""), gw.admin("/trunks"));
        assertEquals(0, gw.metric("sbc_trunk_up{trunk=\"trunk-c\"}"));
        Sipp.Running b = trunk("uas-answer.xml", "127.0.0.4", portB);
        long started = System.nanoTime();
        passes(aliceCalls("uac-call.xml", "+390612345678"), "caller");
        passes(b, "trunk B");
        assertTrue((System.nanoTime() - started) / 1e9 < 1, "straight to B: no wait for the down trunk");
        assertTrue(trunkC.received.stream().allMatch(m -> m.startsWith("OPTIONS ")), "only OPTIONS at C: " + trunkC.received);
        assertFalse(trunkC.received.isEmpty(), "C was probed");
    }

    @Test
    void aTrunkWithAnAccountGetsItsChallengeAnswered() throws Exception {
        Sipp.Running d = trunk("uas-challenge-answer.xml", "127.0.0.10", portD);
        Sipp.Running caller = aliceCalls("uac-call.xml", "+15551230000");
        passes(d, "carrier D (407, then the account's credentials checked)");
        passes(caller, "caller");
    }

    @Test
    void theGatewayRegistersToAProviderWithItsAccount() throws Exception {
        passes(registrar, "provider R (401, then the account's credentials checked)");
        long deadline = System.currentTimeMillis() + 5000;
        while (!gw.admin("/trunks").contains("\"registration\":\"registered\"") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(gw.admin("/trunks").contains("\"name\":\"provider-r\"") && gw.admin("/trunks")
                .contains("\"registration\":\"registered\""), gw.admin("/trunks"));
    }

    @Test
    void callAdmissionRefusesACallPastTheTrunksLimit() throws Exception {
        Sipp.Running a = trunk("uas-answer.xml", "127.0.0.3", portA);
        Sipp.Running first = aliceCalls("uac-call-long.xml", "+442079460001", "-d", "3000");
        gw.awaitMetric("sbc_trunk_calls{trunk=\"trunk-a\"}", 1);
        passes(aliceCalls("uac-call-503.xml", "+442079460002"), "second caller (503)");
        passes(first, "first caller");
        passes(a, "trunk A");
        assertTrue(gw.metric("sbc_trunks_admission_refused_total") >= 1);
    }

    @Test
    void anUnauthenticatedCallBetweenTwoForeignPartiesIs403() throws Exception {
        Sipp.Result r = Sipp.start("uac-relay-attempt.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.6",
                TestGateway.freeUdpAndTcpPort(), null).await();
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void aDeniedSourceAndAScannerGetNoAnswerAtAll() throws Exception {
        double blocked = gw.metric("sbc_sip_blocked_total");
        Sipp.Result denied = Sipp.start("options-unanswered.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.9",
                TestGateway.freeUdpAndTcpPort(), List.of("probe/1.0")).await();
        assertEquals(0, denied.exitCode(), "ACL deny: " + denied.output());
        Sipp.Result scanner = Sipp.start("options-unanswered.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.7",
                TestGateway.freeUdpAndTcpPort(), List.of("friendly-scanner")).await();
        assertEquals(0, scanner.exitCode(), "User-Agent blocklist: " + scanner.output());
        assertTrue(gw.metric("sbc_sip_blocked_total") >= blocked + 2);
        Sipp.Result allowed = Sipp.start("options-unanswered.xml", "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP,
                TestGateway.freeUdpAndTcpPort(), List.of("phone/1.0")).await();
        assertTrue(allowed.exitCode() != 0, "an allowed source is answered (the scenario fails then): " + allowed.output());
    }

    @Test
    void aFloodingSourceIsBannedWhileAnotherKeepsCalling() throws Exception {
        Sipp.Running b = trunk("uas-answer.xml", "127.0.0.4", portB);
        long start = System.nanoTime();
        Sipp.Running flood = Sipp.start("options-flood.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.8",
                TestGateway.freeUdpAndTcpPort(), null, "-r", "200", "-m", "600", "-l", "600");
        Sipp.Running call = aliceCalls("uac-call-long.xml", "+33142686001", "-d", "1500");
        passes(call, "alice's call during the flood");
        passes(b, "trunk B");
        flood.await(60);
        assertTrue(gw.metric("sbc_acl_rate_limited_total") > 100, "most of the flood dropped: "
                + gw.metric("sbc_acl_rate_limited_total"));
        assertTrue(gw.metric("sbc_acl_rate_banned_sources") >= 1);
        Sipp.Result still = Sipp.start("options-rate-banned.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.8",
                TestGateway.freeUdpAndTcpPort(), List.of("flood/1.0")).await();
        assertEquals(0, still.exitCode(), "the flooder stays banned, told 503 with Retry-After: " + still.output());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(gw.metric("sbc_acl_rate_answers_total") <= seconds + 1, "at most one 503 a second: "
                + gw.metric("sbc_acl_rate_answers_total") + " in " + seconds + " s");
    }

    @Test
    void reloadsDuringACallKeepItAndABrokenFileChangesNothing() throws Exception {
        Sipp.Running a = trunk("uas-answer.xml", "127.0.0.3", portA);
        Sipp.Running call = aliceCalls("uac-call-long.xml", "+442079460003", "-d", "4000");
        gw.awaitMetric("sbc_trunk_calls{trunk=\"trunk-a\"}", 1);
        try {
            double version = gw.metric("sbc_rules_version");
            // uk now goes to trunk B: applied while alice's call through A is up
            HttpResponse<String> applied = gw.admin("PUT", "/rules", rules.replace(
                    "prefix: \"+44\" } }\n    route: { trunk: trunk-a }", "prefix: \"+44\" } }\n    route: { trunk: trunk-b }"));
            assertEquals(200, applied.statusCode(), applied.body());
            assertEquals(version + 1, gw.metric("sbc_rules_version"));

            HttpResponse<String> broken = gw.admin("PUT", "/rules", rules.replace("trunk: trunk-a }", "trunk: trunk-x }"));
            assertEquals(422, broken.statusCode(), broken.body());
            assertTrue(broken.body().matches("(?s).*\"routing\\.yaml:\\d+:21: rules\\[0\\]\\.route\\.trunk: unknown trunk "
                    + "'trunk-x'\".*"), broken.body()); // lines and columns exactly: RulesValidationTest
            double failures = gw.metric("sbc_rules_reload_failures_total");
            Files.writeString(gw.configDir.resolve("routing.yaml"), "rules:\n  - name: [oops\n"); // saved by an editor
            gw.awaitMetric("sbc_rules_reload_failures_total", failures + 1);
            assertEquals(version + 1, gw.metric("sbc_rules_version"), "the applied rules stay in force");
            passes(call, "the call that was up through the reloads");
            passes(a, "trunk A");

            Sipp.Running b = trunk("uas-answer.xml", "127.0.0.4", portB);
            passes(aliceCalls("uac-call.xml", "+442079460004"), "caller");
            passes(b, "trunk B, by the applied rules");
        } finally {
            assertEquals(200, gw.admin("PUT", "/rules", rules).statusCode());
        }
    }

    /** A trunk address where something listens but never answers: it records what arrives. */
    private static final class SilentTrunk implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final DatagramSocket socket;

        SilentTrunk(String ip, int port) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(ip, port));
            Thread t = new Thread(() -> {
                byte[] buf = new byte[65535];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        received.add(new String(buf, 0, p.getLength(), StandardCharsets.UTF_8).split("\r\n")[0]);
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "silent-trunk");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}

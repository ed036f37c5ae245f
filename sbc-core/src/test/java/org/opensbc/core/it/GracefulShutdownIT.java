package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM as a service manager sends it, to the gateway started the README's way: new calls get
 * 503 with Retry-After and /health says DRAINING, the call in progress gets its drain time and is
 * then ended with BYE on both legs and a CDR line, the provider registration is withdrawn, and
 * the process exits 0.
 */
@Timeout(180)
class GracefulShutdownIT {

    private static final String ALICE_IP = "127.0.0.2";
    private static final String PBX_IP = "127.0.0.3";
    private static final String PROVIDER_IP = "127.0.0.11";

    @Test
    void sigtermDrainsEndsCallsUnregistersAndExitsZero() throws Exception {
        int pbxPort = TestGateway.freeUdpAndTcpPort();
        int providerPort = TestGateway.freeUdpAndTcpPort();
        String routing = ShippedGateway.shipped("routing.yaml")
                .replace("trunks: []", "trunks:\n"
                        + "  - { name: pbx, host: " + PBX_IP + ", port: " + pbxPort + " }\n"
                        + "  - name: provider\n"
                        + "    host: " + PROVIDER_IP + "\n"
                        + "    port: " + providerPort + "\n"
                        + "    digest: { username: acct123, password: s3cret-pass, register: true, expiresSeconds: 60 }\n")
                .replace("  - name: nothing-else", "  - name: numbers\n"
                        + "    match: { requestUser: { regex: \"\\\\+[0-9]+\" } }\n"
                        + "    route: { trunk: pbx }\n"
                        + "  - name: nothing-else");
        String sbc = ShippedGateway.shipped("sbc.yaml") + "\nshutdown: { drainSeconds: 3 }\n";
        Sipp.Running provider = Sipp.start("uas-registrar-unregister.xml", null, "u1", PROVIDER_IP, providerPort, null);
        ShippedGateway gw = ShippedGateway.start(Map.of("routing.yaml", routing, "sbc.yaml", sbc));
        try {
            awaitTrue(() -> gw.admin("/trunks").contains("\"registered\""), "registered with the provider");
            Sipp.Running pbx = Sipp.start("uas-answer.xml", null, "u1", PBX_IP, pbxPort, null);
            Thread.sleep(200);
            Sipp.Running alice = Sipp.start("uac-call-far-hangup.xml", "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", ShippedGateway.password("alice")) + ";+15551234"));
            awaitTrue(() -> gw.metric("sbc_calls_active") == 1.0, "the call is up");
            awaitTrue(() -> gw.admin("/calls").contains("\"state\":\"answered\""),
                    "answered");

            gw.terminate();
            awaitTrue(() -> gw.log().contains("draining"), "the drain starts");
            assertEquals(503, gw.api().anonymous("/health").statusCode(), "load balancers see it go");
            try (UdpPeer late = new UdpPeer("127.0.0.33", gw.sipPort)) {
                late.send(invite(late));
                String refused = late.finalResponse(3000);
                assertTrue(refused != null && refused.startsWith("SIP/2.0 503") && refused.contains("Retry-After: "),
                        "a new call during the drain: " + refused);
            }

            assertEquals(0, gw.awaitExit(30), "a clean stop exits 0:\n" + gw.log());
            Sipp.Result caller = alice.await();
            Sipp.Result callee = pbx.await();
            assertEquals(0, caller.exitCode(), "the caller got the gateway's BYE: " + caller.output());
            assertEquals(0, callee.exitCode(), "the callee got the gateway's BYE: " + callee.output());
            Sipp.Result unregistered = provider.await();
            assertEquals(0, unregistered.exitCode(), "the provider saw the un-REGISTER: " + unregistered.output());
            List<String> cdr = gw.awaitCdrLines(1);
            assertTrue(cdr.stream().anyMatch(l -> l.contains("\"disposition\":\"answered\"")
                    && l.contains("\"endedBy\":\"shutdown\"")), "the call's CDR line: " + cdr);
        } finally {
            gw.close();
            provider.kill();
        }
    }

    private static String invite(UdpPeer peer) {
        return "INVITE sip:+15550000@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + peer.ip() + ":" + peer.port() + ";branch=z9hG4bKdrain1;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=drain1\r\n"
                + "To: <sip:+15550000@127.0.0.1>\r\n"
                + "Call-ID: drain-1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:alice@" + peer.ip() + ":" + peer.port() + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * IPv6 and IPv4<->IPv6 interworking with real SIPp phones: the gateway listens dual-stack ("::"),
 * a phone on ::1 registers and calls or is called by a phone on 127.0.0.x, and the relay anchors
 * both sides. Each phone sees the gateway only in its own family (Via, Contact, c= and o=), never
 * the other phone's address, and RTP goes both ways through the relay (the callee echoes what
 * the caller plays).
 */
@Timeout(180)
class Ipv6SippIT {

    private static final String V6 = "::1";
    private static final int FIRST_PORT = 45400;
    private static final int LAST_PORT = 45499;
    private static final Pattern MEDIA_PORT = Pattern.compile("m=audio (\\d+) ");

    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDualStack(
                "media: { address: \"::\", advertisedAddress: 127.0.0.1, advertisedAddressV6: \"::1\", firstPort: %d, lastPort: %d }"
                        .formatted(FIRST_PORT, LAST_PORT));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static String gatewayV6() {
        return "[::1]:" + gw.sipPort;
    }

    private static String gatewayV4() {
        return "127.0.0.1:" + gw.sipPort;
    }

    @Test
    void aPhoneOnIpv6RegistersOverUdpAndTcp() throws Exception {
        for (String transport : List.of("u1", "t1")) {
            Sipp.Running run = Sipp.start("register.xml", gatewayV6(), transport, V6, TestGateway.freeDualStackPort(),
                    List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD)));
            Sipp.Result r = run.await();
            assertEquals(0, r.exitCode(), r.output());
            String ok = CallsSippIT.messages(run.messages(), "received").stream()
                    .filter(m -> m.startsWith("SIP/2.0 200")).findFirst().orElseThrow();
            if (transport.equals("u1")) {
                // the stack stamps the IPv6 source (RFC 3581) and the binding keeps it as its route
                assertTrue(Pattern.compile("(?m)^Via: SIP/2.0/UDP \\[::1\\]:\\d+;.*received=(::1|0:0:0:0:0:0:0:1)")
                        .matcher(ok).find(), ok);
            }
        }
        // registered at the gateway's IPv6 address: the same user an IPv4 phone calls at its IPv4 one
        String listing = gw.admin("/registrations");
        assertTrue(listing.contains("\"aor\":\"alice@127.0.0.1\""), listing);
        assertTrue(listing.contains("alice@[::1]:") && listing.contains("transport=UDP")
                && listing.contains("transport=TCP"), listing);
    }

    @Test
    void anIpv6PhoneCallsAnIpv4PhoneAndTheRelayAnchorsBothSides() throws Exception {
        String bobIp = "127.0.0.4";
        int bobPort = TestGateway.freeUdpAndTcpPort();
        Sipp.Result registered = Sipp.start("register.xml", gatewayV4(), "u1", bobIp, bobPort,
                List.of("bob;" + Sipp.auth("bob", TestGateway.BOB_PASSWORD))).await();
        assertEquals(0, registered.exitCode(), registered.output());
        Sipp.Running bob = Sipp.start("uas-answer.xml", null, "u1", bobIp, bobPort, null,
                "-mi", bobIp, "-mp", "45600", "-rtp_echo");
        Thread.sleep(200);
        double[] relayedBefore = relayed();
        Sipp.Running alice = Sipp.start("uac-call-media.xml", gatewayV6(), "u1", V6, TestGateway.freeDualStackPort(),
                List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";bob"), "-mi", V6, "-mp", "45620");
        Sipp.Result caller = alice.await();
        Sipp.Result callee = bob.await();
        assertEquals(0, caller.exitCode(), caller.output() + alice.messages());
        assertEquals(0, callee.exitCode(), callee.output() + bob.messages());

        String invite = CallsSippIT.messages(bob.messages(), "received").get(0);
        assertNamesTheGatewayIn(invite, "127.0.0.1", "IP4");
        assertFalse(invite.contains("::1"), "the IPv6 caller leaked to the IPv4 callee:\n" + invite);
        String ok = answer(alice);
        assertNamesTheGatewayIn(ok, "[::1]", "IP6");
        assertFalse(ok.contains("127.0.0."), "the IPv4 callee (or the gateway's IPv4) leaked to the IPv6 caller:\n" + ok);
        assertMediaBothWays(relayedBefore);
    }

    @Test
    void anIpv4PhoneCallsAPhoneRegisteredOverIpv6() throws Exception {
        int bobPort = TestGateway.freeDualStackPort();
        Sipp.Result registered = Sipp.start("register.xml", gatewayV6(), "u1", V6, bobPort,
                List.of("bob;" + Sipp.auth("bob", TestGateway.BOB_PASSWORD))).await();
        assertEquals(0, registered.exitCode(), registered.output());
        Sipp.Running bob = Sipp.start("uas-answer.xml", null, "u1", V6, bobPort, null,
                "-mi", V6, "-mp", "45640", "-rtp_echo");
        Thread.sleep(200);
        double[] relayedBefore = relayed();
        String aliceIp = "127.0.0.2";
        Sipp.Running alice = Sipp.start("uac-call-media.xml", gatewayV4(), "u1", aliceIp,
                TestGateway.freeUdpAndTcpPort(),
                List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";bob"), "-mi", aliceIp,
                "-mp", "45660");
        Sipp.Result caller = alice.await();
        Sipp.Result callee = bob.await();
        assertEquals(0, caller.exitCode(), caller.output() + alice.messages());
        assertEquals(0, callee.exitCode(), callee.output() + bob.messages());

        String invite = CallsSippIT.messages(bob.messages(), "received").get(0);
        assertNamesTheGatewayIn(invite, "[::1]", "IP6");
        assertFalse(invite.contains("127.0.0."), "the IPv4 caller (or the gateway's IPv4) leaked to the IPv6 callee:\n"
                + invite);
        // the ACK and BYE the gateway's dialog builds name it by its IPv6 address too
        for (String method : List.of("ACK", "BYE")) {
            String inDialog = CallsSippIT.messages(bob.messages(), "received").stream()
                    .filter(m -> m.startsWith(method + " ")).findFirst().orElseThrow();
            assertTrue(inDialog.contains("\nVia: SIP/2.0/UDP [::1]:" + gw.sipPort + ";"), inDialog);
            assertFalse(inDialog.contains("127.0.0."), inDialog);
        }
        String ok = answer(alice);
        assertNamesTheGatewayIn(ok, "127.0.0.1", "IP4");
        assertFalse(ok.contains("::1"), "the IPv6 callee leaked to the IPv4 caller:\n" + ok);
        assertMediaBothWays(relayedBefore);
    }

    private static String answer(Sipp.Running caller) throws Exception {
        return CallsSippIT.messages(caller.messages(), "received").stream()
                .filter(m -> m.startsWith("SIP/2.0 200") && m.contains("application/sdp")).findFirst().orElseThrow();
    }

    /** Contact (and Via, in a request) name the gateway by {@code host}; the SDP by its bare address. */
    private static void assertNamesTheGatewayIn(String message, String host, String family) {
        String port = Integer.toString(gw.sipPort);
        Matcher contact = Pattern.compile("(?m)^Contact: *<sip:[^@>]*@?([^;>]+)").matcher(message);
        assertTrue(contact.find(), message);
        assertEquals(host + ":" + port, contact.group(1), "Contact:\n" + message);
        if (!message.startsWith("SIP/2.0")) {
            assertTrue(message.contains("\nVia: SIP/2.0/UDP " + host + ":" + port + ";"), "Via:\n" + message);
        }
        String bare = host.replace("[", "").replace("]", "");
        assertTrue(message.contains("\nc=IN " + family + " " + bare + "\n"), "c=:\n" + message);
        assertTrue(Pattern.compile("(?m)^o=\\S+ \\d+ \\d+ IN " + family + " " + Pattern.quote(bare) + "$").matcher(message)
                .find(), "o=:\n" + message);
        Matcher m = MEDIA_PORT.matcher(message);
        assertTrue(m.find(), message);
        int mediaPort = Integer.parseInt(m.group(1));
        assertTrue(mediaPort >= FIRST_PORT && mediaPort <= LAST_PORT, "media port " + mediaPort + " is not the relay's");
    }

    /** Packets relayed so far from the caller and from the callee, over every call. */
    private static double[] relayed() throws Exception {
        return new double[] {gw.metric("sbc_media_packets_relayed_total{from=\"caller\"}"),
                gw.metric("sbc_media_packets_relayed_total{from=\"callee\"}")};
    }

    /** 2 s of 20 ms packets from the caller, each echoed by the callee: both directions carried. */
    private static void assertMediaBothWays(double[] before) throws Exception {
        double[] after = relayed();
        double fromCaller = after[0] - before[0];
        double fromCallee = after[1] - before[1];
        assertTrue(fromCaller >= 40 && fromCallee >= 40, "relayed from the caller " + fromCaller + ", from the callee "
                + fromCallee);
        assertEquals(0.0, gw.metric("sbc_media_packets_foreign_total{from=\"caller\"}"));
        assertEquals(0.0, gw.metric("sbc_media_packets_foreign_total{from=\"callee\"}"));
        gw.awaitCallsReleased();
    }
}

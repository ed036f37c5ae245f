package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's first command on the shipped conf/ (users replaced), as on a newcomer's machine:
 * a host with a real address advertises it for SIP and media (and says so once), a host with
 * nothing but loopback says loudly that nobody else can reach it.
 */
@Timeout(180)
class ShippedDefaultsIT {

    private static final String BOB_IP = "127.0.0.4";
    private static final String ALICE_IP = "127.0.0.2";

    @Test
    void aHostWithARealAddressAdvertisesItForSipAndMedia() throws Exception {
        String primary = primaryAddress();
        try (ShippedGateway gw = ShippedGateway.start()) {
            assertTrue(gw.log().contains("media " + primary + " (the host's primary address"), gw.log());
            assertFalse(gw.log().contains("ADVERTISING A LOOPBACK"), gw.log());
            // dual-stack by default: a host with an IPv6 route advertises its IPv6 address to IPv6 peers
            for (String address : ShippedDefaultsIT.primaryAddresses()) {
                if (address.contains(":")) {
                    assertTrue(gw.log().contains("IPv6 " + address + " (the host's primary IPv6 address)"), gw.log());
                    assertTrue(gw.log().contains("udp://[::]:" + gw.sipPort), gw.log());
                }
            }

            // bob's phone registers, then answers on the port it registered from and echoes RTP
            int bobPort = TestGateway.freeUdpAndTcpPort();
            Sipp.Result registered = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", BOB_IP, bobPort,
                    List.of("bob;" + Sipp.auth("bob", ShippedGateway.password("bob")))).await();
            assertEquals(0, registered.exitCode(), registered.output());
            Sipp.Running bob = Sipp.start("uas-answer.xml", null, "u1", BOB_IP, bobPort, null,
                    "-mi", BOB_IP, "-mp", "36500", "-rtp_echo");
            Thread.sleep(200);
            Sipp.Running alice = Sipp.start("uac-call-media.xml", "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", ShippedGateway.password("alice")) + ";bob"),
                    "-mi", ALICE_IP, "-mp", "36600");
            Sipp.Result caller = alice.await();
            Sipp.Result callee = bob.await();
            assertEquals(0, caller.exitCode(), caller.output());
            assertEquals(0, callee.exitCode(), callee.output());

            String invite = CallsSippIT.messages(bob.messages(), "received").get(0);
            assertTrue(invite.contains("c=IN IP4 " + primary), "SDP towards a phone names the host's address:\n" + invite);
            assertContact(invite, primary);
            String ok = CallsSippIT.messages(alice.messages(), "received").stream()
                    .filter(m -> m.startsWith("SIP/2.0 200") && m.contains("application/sdp")).findFirst().orElseThrow();
            assertTrue(ok.contains("c=IN IP4 " + primary), ok);
            assertContact(ok, primary);
            assertTrue(gw.metric("sbc_media_packets_relayed_total{from=\"callee\"}") >= 40, "RTP relayed back");
            gw.awaitCallsReleased();
        }
    }

    @Test
    void aHostWithOnlyLoopbackAdvertisesItAndWarnsLoudly() throws Exception {
        try (NetNamespace ns = NetNamespace.loopbackOnly("sbc-it-lo");
                ShippedGateway gw = ShippedGateway.startIn(ns)) {
            String log = gw.log();
            assertTrue(log.contains("media 127.0.0.1 (no address but loopback)"), log);
            assertTrue(log.contains("WARN") && log.contains("ADVERTISING A LOOPBACK ADDRESS"), log);
        }
    }

    private static void assertContact(String message, String host) {
        Matcher contact = Pattern.compile("(?m)^Contact: *<sip:[^@>]*@?([^:;>]+)").matcher(message);
        assertTrue(contact.find(), message);
        assertEquals(host, contact.group(1), "Contact must name the host's address:\n" + message);
    }

    /** The source address of the default route, as iproute2 reports it (independent of the gateway's code). */
    static String primaryAddress() throws Exception {
        List<String> primary = primaryAddresses();
        return primary.isEmpty() ? "127.0.0.1" : primary.get(0);
    }

    /**
     * The IPv4 and the IPv6 default route's source address, those the host has (what the
     * dual-stack shipped defaults advertise to peers of each family), IPv4 first.
     */
    static List<String> primaryAddresses() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String probe : new String[] {"8.8.8.8", "2001:4860:4860::8888"}) {
            Process p = new ProcessBuilder("ip", "route", "get", probe).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher src = Pattern.compile(" src (\\S+)").matcher(text);
            if (p.waitFor() == 0 && src.find()) {
                out.add(src.group(1));
            }
        }
        return out;
    }
}

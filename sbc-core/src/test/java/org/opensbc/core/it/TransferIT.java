package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transfers the gateway carries out itself, on the shipped defaults: a desk phone transfers the
 * browser it is talking to (which cannot place the new call itself) to another phone; the gateway
 * calls the target for the browser, tells the transferor how it goes in NOTIFYs, joins the browser
 * to the target without a new ICE or DTLS handshake, and the transferor's leg ends.
 */
@Timeout(180)
class TransferIT {

    private static final String CAROL_IP = "127.0.0.4";
    private static final String DAVE_IP = "127.0.0.5";
    private static ShippedGateway gw;
    private static Path tone;

    @BeforeAll
    static void start() throws Exception {
        gw = ShippedGateway.start();
        tone = ToneWav.write(TempDirs.create("tone").resolve("tone-1khz.wav"), 1000, 2.0, 0.5);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void aPhoneTransfersABrowserToAnotherPhoneAndTheGatewayPlacesTheCall() throws Exception {
        int davePort = TestGateway.freeUdpAndTcpPort();
        Sipp.Result registered = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", DAVE_IP, davePort,
                List.of("dave;" + Sipp.auth("dave", ShippedGateway.password("dave")))).await();
        assertEquals(0, registered.exitCode(), registered.output());
        Sipp.Running dave = Sipp.start("uas-answer.xml", null, "u1", DAVE_IP, davePort, null,
                "-mi", DAVE_IP, "-mp", "36700", "-rtp_echo");
        int cdrBefore = gw.awaitCdrLines(0).size();
        try (BrowserPhone alice = BrowserPhone.register(gw.wssPort, "alice", ShippedGateway.password("alice"), true,
                tone, null)) {
            Sipp.Running carol = Sipp.start("uac-call-refer-to.xml", "127.0.0.1:" + gw.sipPort, "u1", CAROL_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("carol;" + Sipp.auth("carol", ShippedGateway.password("carol")) + ";alice;dave;"));
            alice.await("confirmed", 20);
            Sipp.Result transferor = carol.await(60);
            assertEquals(0, transferor.exitCode(), "carol got 202, NOTIFY 100 .. 200 and hung up: " + transferor.output());

            String invite = CallsSippIT.messages(dave.messages(), "received").get(0);
            assertTrue(invite.startsWith("INVITE sip:dave@" + DAVE_IP) && !invite.contains("application/sdp"),
                    "the gateway calls the target for alice, without SDP (the target offers): " + invite);
            assertTrue(invite.contains("From: <sip:alice@"), "as alice: " + invite);
            // carol's call is listed "ended" until its legs are released, a moment after her BYE's 200
            String calls = gw.admin("/calls");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!calls.contains("\"count\":1") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                calls = gw.admin("/calls");
            }
            assertTrue(calls.contains("\"count\":1") && calls.contains("\"caller\":\"alice@")
                    && calls.contains("\"callee\":\"dave@"), "alice and dave are one call now: " + calls);

            double before = alice.stats().number("audioPacketsReceived");
            BrowserPhone.Stats joined = awaitAudio(alice, before + 50);
            assertEquals("connected", joined.text("dtlsState"), joined.json());
            assertTrue(joined.number("totalAudioEnergy") > 0, "alice hears dave's side: " + joined.json());

            alice.send("hangup");
            alice.await("ended", 10);
            Sipp.Result target = dave.await(30);
            assertEquals(0, target.exitCode(), "dave's call ends with alice's BYE: " + target.output());
        }
        gw.awaitCallsReleased();
        List<String> cdr = gw.awaitCdrLines(cdrBefore + 2);
        assertEquals(cdrBefore + 2, cdr.size(), "one line for each call: " + cdr);
        assertTrue(cdr.stream().anyMatch(l -> l.contains("\"caller\":\"alice@") && l.contains("\"callee\":\"dave@")
                && l.contains("\"disposition\":\"answered\"")), cdr.toString());
    }

    /**
     * Attended (RFC 3891): carol talks to bob's browser and, on a second line, to dave; she
     * transfers bob to dave replacing her call with dave. The gateway re-INVITEs dave without SDP
     * on his call with carol, joins his offer to bob, ends carol's call with dave (BYE to carol
     * only) and tells her it worked.
     */
    @Test
    void anAttendedTransferJoinsTheTransfereeToTheCallItReplaces() throws Exception {
        int davePort = TestGateway.freeUdpAndTcpPort();
        Sipp.Result registered = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", DAVE_IP, davePort,
                List.of("dave;" + Sipp.auth("dave", ShippedGateway.password("dave")))).await();
        assertEquals(0, registered.exitCode(), registered.output());
        Sipp.Running dave = Sipp.start("uas-answer-reinvited.xml", null, "u1", DAVE_IP, davePort, null,
                "-mi", DAVE_IP, "-mp", "36800", "-rtp_echo");
        Thread.sleep(200);
        // carol's second line: her call with dave, which the transfer replaces
        Sipp.Running consult = Sipp.start("uac-call-far-hangup.xml", "127.0.0.1:" + gw.sipPort, "u1", CAROL_IP,
                TestGateway.freeUdpAndTcpPort(),
                List.of("carol;" + Sipp.auth("carol", ShippedGateway.password("carol")) + ";dave"));
        GracefulShutdownIT.awaitTrue(() -> gw.admin("/calls").contains("\"state\":\"answered\""), "carol and dave talk");
        String replaces = replacesOf(consult.messages());
        try (BrowserPhone bob = BrowserPhone.register(gw.wssPort, "bob", ShippedGateway.password("bob"), true,
                tone, null)) {
            Sipp.Running carol = Sipp.start("uac-call-refer-to.xml", "127.0.0.1:" + gw.sipPort, "u1", CAROL_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("carol;" + Sipp.auth("carol", ShippedGateway.password("carol")) + ";bob;dave;?Replaces="
                            + replaces));
            bob.await("confirmed", 20);
            Sipp.Result transferor = carol.await(60);
            assertEquals(0, transferor.exitCode(), "carol's transfer worked: " + transferor.output());
            Sipp.Result replaced = consult.await(30);
            assertEquals(0, replaced.exitCode(), "carol's call with dave ended by the gateway's BYE: " + replaced.output());
            String calls = gw.admin("/calls");
            assertTrue(calls.contains("\"count\":1") && calls.contains("bob@") && calls.contains("dave@"),
                    "bob and dave are one call now: " + calls);
            double before = bob.stats().number("audioPacketsReceived");
            BrowserPhone.Stats joined = awaitAudio(bob, before + 50);
            assertTrue(joined.number("totalAudioEnergy") > 0, "bob hears dave's side: " + joined.json());
            bob.send("hangup");
            bob.await("ended", 10);
            Sipp.Result target = dave.await(30);
            assertEquals(0, target.exitCode(), "dave: re-INVITE without SDP answered, ACK with the answer, BYE: "
                    + target.output());
        } finally {
            consult.kill();
            dave.kill();
        }
        gw.awaitCallsReleased();
    }

    /** The Replaces value (RFC 3891, escaped for a URI header) of the dialog carol's SIPp had with the gateway. */
    private static String replacesOf(String trace) {
        String invite = CallsSippIT.messages(trace, "sent").stream().filter(m -> m.startsWith("INVITE "))
                .reduce((a, b) -> b).orElseThrow();
        String ok = CallsSippIT.messages(trace, "received").stream().filter(m -> m.startsWith("SIP/2.0 200"))
                .findFirst().orElseThrow();
        String callId = header(invite, "Call-ID").trim();
        String fromTag = header(invite, "From").replaceAll(".*;tag=([^;\\s]+).*", "$1");
        String toTag = header(ok, "To").replaceAll(".*;tag=([^;\\s]+).*", "$1");
        return java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8) + "%3Bto-tag%3D" + toTag
                + "%3Bfrom-tag%3D" + fromTag;
    }

    private static String header(String message, String name) {
        for (String line : message.split("\\r?\\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + message);
    }

    private static BrowserPhone.Stats awaitAudio(BrowserPhone phone, double packets) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        BrowserPhone.Stats stats = phone.stats();
        while (stats.number("audioPacketsReceived") < packets && System.nanoTime() < deadline) {
            Thread.sleep(250);
            stats = phone.stats();
        }
        assertTrue(stats.number("audioPacketsReceived") >= packets, "audio after the transfer: " + stats.json());
        return stats;
    }
}

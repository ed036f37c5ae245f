package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interop with a softphone the gateway was not written against: baresip 1.0.0 (Debian) over
 * SIP/UDP with digest registration, against the gateway as the README runs it (ShippedGateway).
 * baresip calls a JsSIP browser and is called by it, and two baresips call each other; media is
 * checked both ways at the endpoints (RTP counts; the far side's tone in what baresip decoded,
 * energy in the browser's getStats()) and at the relay (packets relayed). Every tone is its own
 * frequency, so a phone hearing its own echo is not taken for one hearing the far side. Also
 * what a softphone user does besides talking: hold and resume, cancel, reject, and get the
 * password wrong. Findings, with root causes: docs/interop-baresip.md.
 */
@Timeout(240)
class BaresipInteropIT {

    private static final int BROWSER_HZ = 1000;
    private static final int CAROL_HZ = 600;
    private static final int DAVE_HZ = 1400;
    private static final int BOB_HZ = 800;

    private static ShippedGateway gw;
    private static Path browserTone;

    @BeforeAll
    static void start() throws Exception {
        gw = ShippedGateway.start();
        browserTone = ToneWav.write(TempDirs.create("tone").resolve("tone-1khz.wav"), BROWSER_HZ, 2.0, 0.5);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
        // baresip unregisters (Expires 0) when it quits; the browsers' WebSocket flows are gone
        gw.awaitMetric("sbc_registrar_bindings", 0);
    }

    @Test
    void baresipCallsTheBrowserWhichHangsUp() throws Exception {
        try (BrowserPhone alice = BrowserPhone.register(gw.wssPort, "alice", ShippedGateway.password("alice"), true,
                browserTone, null);
                BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ)) {
            Relayed before = Relayed.now();
            carol.dial("sip:alice@127.0.0.1");
            carol.await("CALL_ESTABLISHED", 30);
            alice.await("confirmed", 30);

            BrowserPhone.Stats atAlice = alice.awaitAudio(100, 20);
            assertBrowserHears(atAlice);
            BaresipPhone.AudioDebug atCarol = carol.awaitReceived(100, 20);
            assertTrue(atCarol.received() >= 100, "RTP at baresip: " + atCarol.text());
            assertAnchored(carol, -1);

            alice.send("hangup");
            alice.await("ended", 10);
            carol.await("CALL_CLOSED", 10);
            assertHears(carol, BROWSER_HZ);
            before.assertRelayedBothWays(100);
        }
    }

    @Test
    void theBrowserCallsAPcmuOnlyBaresipWhichHangsUp() throws Exception {
        try (BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ, "pcmu");
                BrowserPhone alice = BrowserPhone.register(gw.wssPort, "alice", ShippedGateway.password("alice"), false,
                        browserTone, null)) {
            Relayed before = Relayed.now();
            alice.send("call sip:carol@127.0.0.1");
            BaresipPhone.Event incoming = carol.await("CALL_INCOMING", 30);
            assertEquals("sip:alice@127.0.0.1", incoming.get("peeruri"), incoming.json());
            carol.accept();
            carol.await("CALL_ESTABLISHED", 15);
            alice.await("confirmed", 30);

            BrowserPhone.Stats atAlice = alice.awaitAudio(100, 20);
            assertBrowserHears(atAlice);
            // both offer PCMU: the gateway passes it through (no transcoding, media.transcoding: passthrough)
            assertEquals("audio/PCMU", atAlice.text("audioCodec"), atAlice.json());
            BaresipPhone.AudioDebug atCarol = carol.awaitReceived(100, 20);
            assertTrue(atCarol.received() >= 100, "RTP at baresip: " + atCarol.text());
            assertEquals("PCMU 8000Hz/1ch", atCarol.encoder(), atCarol.text());
            assertAnchored(carol, -1);

            carol.hangup();
            carol.await("CALL_CLOSED", 10);
            alice.await("ended", 10);
            assertHears(carol, BROWSER_HZ);
            before.assertRelayedBothWays(100);
        }
    }

    @Test
    void twoBaresipsCallEachOtherWithMediaAnchoredAndTheCalleeHangsUp() throws Exception {
        try (BaresipPhone dave = BaresipPhone.register(gw, "dave", DAVE_HZ);
                BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ)) {
            Relayed before = Relayed.now();
            carol.dial("sip:dave@127.0.0.1");
            dave.await("CALL_INCOMING", 30);
            dave.accept();
            dave.await("CALL_ESTABLISHED", 15);
            carol.await("CALL_ESTABLISHED", 15);

            BaresipPhone.AudioDebug atCarol = carol.awaitReceived(100, 20);
            BaresipPhone.AudioDebug atDave = dave.awaitReceived(100, 20);
            assertTrue(atCarol.received() >= 100, "RTP at carol: " + atCarol.text());
            assertTrue(atDave.received() >= 100, "RTP at dave: " + atDave.text());
            // each sees the gateway, never the other phone's own RTP port
            assertAnchored(carol, atDave.localPort());
            assertAnchored(dave, atCarol.localPort());
            assertContactsNameTheGateway(dave); // its INVITE (carol got only responses)

            dave.hangup();
            dave.await("CALL_CLOSED", 10);
            carol.await("CALL_CLOSED", 10);
            assertHears(carol, DAVE_HZ);
            assertHears(dave, CAROL_HZ);
            before.assertRelayedBothWays(100);
        }
    }

    @Test
    void baresipHoldsAndResumesTheOtherThenTheCallerHangsUp() throws Exception {
        try (BaresipPhone dave = BaresipPhone.register(gw, "dave", DAVE_HZ);
                BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ)) {
            carol.dial("sip:dave@127.0.0.1");
            dave.await("CALL_INCOMING", 30);
            dave.accept();
            dave.await("CALL_ESTABLISHED", 15);
            carol.await("CALL_ESTABLISHED", 15);
            assertTrue(carol.awaitReceived(50, 20).received() >= 50, "audio before hold");

            carol.hold(); // re-INVITE with a=sendonly, relayed to dave
            assertEquals("answer", carol.await("CALL_REMOTE_SDP", 15).param());
            assertEquals("offer", dave.await("CALL_REMOTE_SDP", 15).param());
            assertEquals("sendonly", carol.audio().direction(), carol.tail());
            assertEquals("recvonly", dave.audio().direction(), dave.tail());

            carol.resume();
            assertEquals("answer", carol.await("CALL_REMOTE_SDP", 15).param());
            assertEquals("offer", dave.await("CALL_REMOTE_SDP", 15).param());
            BaresipPhone.AudioDebug atCarol = carol.audio();
            BaresipPhone.AudioDebug atDave = dave.audio();
            assertEquals("sendrecv", atCarol.direction(), atCarol.text());
            assertEquals("sendrecv", atDave.direction(), atDave.text());
            // audio again both ways after the resume
            long carolHad = atCarol.received();
            long daveHad = atDave.received();
            atCarol = carol.awaitReceived(carolHad + 50, 20);
            atDave = dave.awaitReceived(daveHad + 50, 20);
            assertTrue(atCarol.received() >= carolHad + 50, "carol after resume: " + atCarol.text());
            assertTrue(atDave.received() >= daveHad + 50, "dave after resume: " + atDave.text());
            // the re-INVITE and its answer were anchored too
            assertAnchored(carol, atDave.localPort());
            assertAnchored(dave, atCarol.localPort());

            carol.hangup();
            carol.await("CALL_CLOSED", 10);
            dave.await("CALL_CLOSED", 10);
        }
    }

    /**
     * A blind transfer (REFER) through the gateway: dave transfers carol to bob. carol calls bob,
     * reports success to dave (NOTIFY), and dave, the transferor, hangs up the original call.
     * That BYE must reach the gateway, so that carol's call with dave ends. (baresip takes the
     * Contact of a NOTIFY as the dialog's new remote target, as RFC 6665 has it.)
     */
    @Test
    void baresipTransfersACallToAnotherBaresip() throws Exception {
        try (BaresipPhone dave = BaresipPhone.register(gw, "dave", DAVE_HZ);
                BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ);
                BaresipPhone bob = BaresipPhone.register(gw, "bob", BOB_HZ)) {
            carol.dial("sip:dave@127.0.0.1");
            dave.await("CALL_INCOMING", 30);
            dave.accept();
            dave.await("CALL_ESTABLISHED", 15);
            carol.await("CALL_ESTABLISHED", 15);

            dave.transfer("sip:bob@127.0.0.1");
            assertEquals("<sip:bob@127.0.0.1>", carol.await("TRANSFER", 15).param());
            bob.await("CALL_INCOMING", 15);
            bob.accept();
            bob.await("CALL_ESTABLISHED", 15);
            assertEquals("sip:bob@127.0.0.1", carol.await("CALL_ESTABLISHED", 15).peer());
            assertEquals("Call transfered", dave.await("CALL_CLOSED", 15).param(), "dave's side after the NOTIFY");
            assertTrue(bob.awaitReceived(50, 15).received() >= 50, "audio on the transferred call");

            assertAll(
                    // the REFER and NOTIFYs the gateway relayed: their Contacts become remote targets
                    () -> assertContactsNameTheGateway(carol),
                    () -> assertContactsNameTheGateway(dave),
                    () -> {
                        BaresipPhone.Event ended = carol.await("CALL_CLOSED", 10);
                        assertEquals("sip:dave@127.0.0.1", ended.peer(), "carol's original call ends: " + ended.json());
                        gw.awaitMetric("sbc_calls_active", 1);
                    });

            carol.hangup();
            bob.await("CALL_CLOSED", 10);
        }
    }

    @Test
    void baresipCancelsItsCallWhileTheBrowserRings() throws Exception {
        int cdrs = gw.awaitCdrLines(0).size();
        try (BrowserPhone alice = BrowserPhone.register(gw.wssPort, "alice", ShippedGateway.password("alice"), false,
                browserTone, null);
                BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ)) {
            carol.dial("sip:alice@127.0.0.1");
            alice.await("incoming", 30);
            carol.await("CALL_RINGING", 15); // a CANCEL waits for a provisional response
            carol.hangup();
            carol.await("CALL_CLOSED", 10);
            String failed = alice.await("failed", 15);
            assertTrue(failed.contains("\"cause\":\"Canceled\""), failed);
        }
        String cdr = lastCdr(cdrs);
        assertTrue(cdr.contains("\"disposition\":\"cancelled\"") && cdr.contains("\"sipCode\":487"), cdr);
    }

    @Test
    void theBrowserCallsBaresipWhichRejectsIt() throws Exception {
        int cdrs = gw.awaitCdrLines(0).size();
        try (BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ);
                BrowserPhone alice = BrowserPhone.register(gw.wssPort, "alice", ShippedGateway.password("alice"), false,
                        browserTone, null)) {
            alice.send("call sip:carol@127.0.0.1");
            carol.await("CALL_INCOMING", 30);
            carol.hangup(); // on a ringing call baresip answers 486 Busy Here
            String failed = alice.await("failed", 15);
            assertTrue(failed.contains("\"status\":486"), failed);
        }
        String cdr = lastCdr(cdrs);
        assertTrue(cdr.contains("\"disposition\":\"busy\"") && cdr.contains("\"sipCode\":486"), cdr);
    }

    /**
     * One phone with a wrong password must not lock out the other phones at its address (phones
     * behind one NAT share an address; here all are on 127.0.0.1). baresip (libre) answers each
     * new 401 challenge at once with the same wrong password, so its single registration attempt
     * is a burst of failed digests, and the gateway's failure ban (10 in 60 s, by source address)
     * starts within milliseconds: from then on carol's and dave's requests are dropped too.
     */
    @Test
    void aBaresipWithAWrongPasswordDoesNotLockOutTheOtherPhonesAtItsAddress() throws Exception {
        try {
            try (BaresipPhone dave = BaresipPhone.register(gw, "dave", DAVE_HZ);
                    BaresipPhone carol = BaresipPhone.register(gw, "carol", CAROL_HZ);
                    BaresipPhone bob = BaresipPhone.start(gw, "bob", "not-" + ShippedGateway.password("bob"), BOB_HZ, null)) {
                BaresipPhone.Event refused = bob.await("REGISTER_FAIL", 45);
                String context = "bob's registration failed with '" + refused.param() + "' after "
                        + gw.metric("sbc_auth_failures_total") + " failed digests; bans started: "
                        + gw.metric("sbc_auth_bans_total");
                carol.dial("sip:dave@127.0.0.1");
                try {
                    dave.await("CALL_INCOMING", 15);
                } catch (AssertionError e) {
                    throw new AssertionError(context + ", and carol's call did not reach dave:\n" + e.getMessage(), e);
                }
                dave.accept();
                dave.await("CALL_ESTABLISHED", 15);
                carol.await("CALL_ESTABLISHED", 15);
                carol.hangup();
                dave.await("CALL_CLOSED", 10);
            }
        } finally {
            if (gw.metric("sbc_auth_banned_sources") > 0) {
                // the ban on 127.0.0.1 would outlast this test (5 minutes): the next tests get a fresh gateway
                gw.close();
                gw = ShippedGateway.start();
            }
        }
    }

    // --- checks ------------------------------------------------------------------------------

    private static void assertBrowserHears(BrowserPhone.Stats stats) {
        assertEquals("connected", stats.text("dtlsState"), stats.json());
        assertTrue(stats.number("audioPacketsReceived") >= 100, "audio at the browser: " + stats.json());
        assertTrue(stats.number("totalAudioEnergy") > 0, "with energy: " + stats.json());
    }

    /**
     * What baresip decoded holds the far side's tone, clearly above its own (an echo of itself
     * through the relay would show as its own frequency).
     */
    private static void assertHears(BaresipPhone phone, int farHz) throws Exception {
        BaresipPhone.Recording heard = phone.recording();
        double far = heard.tone(farHz);
        double own = heard.tone(phone.toneHz);
        String what = phone.user + " heard " + heard + ", " + farHz + " Hz at " + Math.round(far) + ", its own "
                + phone.toneHz + " Hz at " + Math.round(own);
        assertTrue(heard.seconds() >= 1, what);
        assertTrue(far >= 300, what);
        assertTrue(far > 5 * own, what);
    }

    /**
     * Every SDP the phone received names the gateway: an address of this host and a port of the
     * relay's range, plain RTP/AVP (no ICE or DTLS from a browser leaking through), and never the
     * other phone's own RTP port. RTP came from, and goes to, the relay too.
     */
    private static void assertAnchored(BaresipPhone phone, int otherPhonesRtpPort) throws Exception {
        List<String> sdps = phone.receivedSdp();
        assertFalse(sdps.isEmpty(), phone.user + " received no SDP:\n" + phone.tail());
        for (String sdp : sdps) {
            String where = phone.user + " received:\n" + sdp;
            Matcher c = Pattern.compile("(?m)^c=IN IP4 (\\S+)").matcher(sdp);
            assertTrue(c.find(), where);
            assertTrue(isThisHost(c.group(1)), "the gateway's address: " + where);
            Matcher m = Pattern.compile("(?m)^m=audio (\\d+) (\\S+)").matcher(sdp);
            assertTrue(m.find(), where);
            assertInRelayRange(Integer.parseInt(m.group(1)), where);
            assertEquals("RTP/AVP", m.group(2), where);
            Matcher rtcp = Pattern.compile("(?m)^a=rtcp:(\\d+)").matcher(sdp);
            if (rtcp.find()) {
                assertInRelayRange(Integer.parseInt(rtcp.group(1)), where);
            }
            assertFalse(sdp.contains("a=candidate") || sdp.contains("a=fingerprint") || sdp.contains("a=ice-"), where);
            if (otherPhonesRtpPort > 0) {
                assertFalse(Pattern.compile("\\b" + otherPhonesRtpPort + "\\b").matcher(sdp).find(),
                        "the other phone's RTP port " + otherPhonesRtpPort + " leaked: " + where);
            }
        }
        String source = phone.rtpSource();
        assertNotNull(source, phone.user + " logged no incoming RTP:\n" + phone.tail());
        assertInRelayRange(port(source), phone.user + "'s RTP came from " + source);
        String remote = phone.audio().remote();
        assertInRelayRange(port(remote), phone.user + " sends RTP to " + remote);
    }

    /**
     * Every request the gateway sent the phone names the gateway's SIP address in its Contact
     * (where the phone sends the dialog's next requests): an address of this host, the gateway's
     * port; never an unspecified address such as 0.0.0.0 or [::].
     */
    private static void assertContactsNameTheGateway(BaresipPhone phone) throws Exception {
        List<String> requests = phone.receivedRequestContacts();
        assertFalse(requests.isEmpty(), phone.user + " received no request:\n" + phone.tail());
        Pattern uri = Pattern.compile("<?sips?:(?:[^@>;]*@)?(\\[[^\\]]+\\]|[^:;>]+)(?::(\\d+))?");
        for (String request : requests) {
            String method = request.substring(0, request.indexOf(' '));
            String contact = request.substring(request.indexOf(' ') + 1);
            if (!List.of("INVITE", "UPDATE", "SUBSCRIBE", "NOTIFY", "REFER").contains(method)) {
                continue; // not a request that sets the remote target (RFC 3261 12.2, RFC 6665 4.1, RFC 3515)
            }
            Matcher m = uri.matcher(contact);
            String what = phone.user + " received " + method + " with Contact " + contact + "; all: " + requests;
            assertTrue(m.find(), what);
            String host = m.group(1).replaceAll("[\\[\\]]", "");
            assertTrue(isThisHost(host), "the gateway's address: " + what);
            assertEquals(gw.sipPort, m.group(2) == null ? 5060 : Integer.parseInt(m.group(2)), what);
        }
    }

    private static void assertInRelayRange(int port, String what) {
        assertTrue(port >= gw.mediaFirstPort && port <= gw.mediaLastPort,
                "port " + port + " not in the relay's " + gw.mediaFirstPort + "-" + gw.mediaLastPort + ": " + what);
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /** Loopback or an interface address: today's default advertises either (see ShippedGateway). */
    private static boolean isThisHost(String address) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        return !a.isAnyLocalAddress() && (a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null);
    }

    /** The first CDR line after the {@code before} that were there (waits up to 5 s for it). */
    private static String lastCdr(int before) throws Exception {
        List<String> lines = gw.awaitCdrLines(before + 1);
        assertTrue(lines.size() > before, "no CDR for the call: " + lines);
        return lines.get(before);
    }

    /** The relay's packet counters at one moment. */
    private record Relayed(double caller, double callee) {
        static Relayed now() throws Exception {
            return new Relayed(gw.metric("sbc_media_packets_relayed_total{from=\"caller\"}"),
                    gw.metric("sbc_media_packets_relayed_total{from=\"callee\"}"));
        }

        void assertRelayedBothWays(int atLeast) throws Exception {
            Relayed after = now();
            String counts = "relayed since the call began: from the caller " + (after.caller - caller)
                    + ", from the callee " + (after.callee - callee);
            assertTrue(after.caller - caller >= atLeast, counts);
            assertTrue(after.callee - callee >= atLeast, counts);
        }
    }
}

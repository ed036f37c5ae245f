package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interop with a SIP library the gateway was not written against: SIP.js 0.21 (npm sip.js) in
 * headless Chromium (sipjs-phone.mjs), against the gateway as the README runs it (shipped conf/
 * with the test users and two settings changed, see {@link #start}), with SIPp phones registered
 * as local users on the other side.
 *
 * <p>What a SIP.js web phone does: register, call a phone and be called by one (audio both ways,
 * checked with getStats() in the page and on the phone's media socket), hold and resume by
 * re-INVITE, DTMF (INFO application/dtmf-relay as SIP.js's SessionManager sends it, and RFC 4733),
 * hang up from either end, and out-of-dialog MESSAGE to and from browsers and phones.
 *
 * <p>Four tests fail against the gateway of 2026-12-07, on purpose (docs/interop-sipjs.md): the
 * three MESSAGE tests (out-of-dialog MESSAGE is answered 501) and
 * {@link #registrationRefreshesAreNotAuthenticationFailures} (SIP.js's replayed credentials count
 * towards a ban).
 */
class SipJsInteropIT {

    /** The SIPp phones: carol answers (or receives MESSAGEs), dave calls (or sends them). */
    private static final String CAROL_IP = "127.0.0.4";
    private static final String DAVE_IP = "127.0.0.5";

    private static ShippedGateway gw;
    private static Path tone;
    /** carol's one contact for the whole class: each test's registration replaces the last one. */
    private static int carolPort;
    private int cdrLinesBefore;

    @BeforeAll
    static void start() throws Exception {
        // One setting differs from the shipped sbc.yaml: calls.sessionExpiresSeconds 90 (the least
        // allowed, instead of 1800), so the gateway's own session refresh comes at 45 s, within one
        // test; every other call here is shorter. Media is the shipped default: the relay on every
        // interface, advertising the host's primary address (traffic to it stays on this host).
        String sbcYaml = edit(ShippedGateway.shipped("sbc.yaml"), "(?m)^(  sessionExpiresSeconds: )1800", "$190");
        gw = ShippedGateway.start(Map.of("sbc.yaml", sbcYaml));
        tone = ToneWav.write(TempDirs.create("tone").resolve("tone-1khz.wav"), 1000, 2.0, 0.5);
        carolPort = TestGateway.freeUdpAndTcpPort();
    }

    /** {@code yaml} with the one match of {@code regex} replaced; fails when the shipped file no longer has it. */
    private static String edit(String yaml, String regex, String replacement) {
        String edited = yaml.replaceFirst(regex, replacement);
        assertTrue(!edited.equals(yaml), "conf/sbc.yaml changed, no match for " + regex + ":\n" + yaml);
        return edited;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        if (tone != null) {
            Files.deleteIfExists(tone);
        }
    }

    @BeforeEach
    void countCdr() throws Exception {
        cdrLinesBefore = gw.awaitCdrLines(0).size();
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
    }

    /** REGISTER with digest over wss://, the binding listed, then SIP.js's own un-REGISTER (Expires 0). */
    @Test
    @Timeout(60)
    void registersOverWssAndUnregisters() throws Exception {
        try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, null)) {
            String registered = alice.registration();
            assertTrue(registered.contains("\"status\":200"), registered);
            // SIP.js's Contact is sip:<random>@<random>.invalid;transport=ws: the 200 must list it with an expiry
            Matcher contact = Pattern.compile("\"contact\":\"<(sip:[^>]+\\.invalid;transport=ws)>;expires=\\d+")
                    .matcher(registered);
            assertTrue(contact.find(), registered);
            String binding = "\"aor\":\"alice@127.0.0.1\",\"contact\":\"" + contact.group(1) + "\"";
            assertTrue(awaitRegistrations(binding, true), "alice's binding listed: " + gw.admin("/registrations"));

            alice.send("unregister");
            assertTrue(alice.await("unregistered", 10).contains("\"status\":200"));
            assertTrue(awaitRegistrations(binding, false), "binding removed: " + gw.admin("/registrations"));
        }
    }

    /**
     * SIP.js refreshes and ends its registration re-sending its last Authorization (same nonce,
     * nc and response): the gateway refuses the replay with a new challenge, and SIP.js answers
     * that. A client that knows the password must not count as a failed authentication: failures
     * from one address get that address banned (auth.banAfterFailures, per host, so every SIP.js
     * phone behind one NAT shares the count), and sbc_auth_failures_total is what alerts watch.
     */
    @Test
    @Timeout(60)
    void registrationRefreshesAreNotAuthenticationFailures() throws Exception {
        try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, null)) {
            double failures = gw.metric("sbc_auth_failures_total");
            alice.send("reregister");
            assertTrue(alice.await("registered", 10).contains("\"status\":200"));
            alice.send("unregister");
            assertTrue(alice.await("unregistered", 10).contains("\"status\":200"));
            assertEquals(failures, gw.metric("sbc_auth_failures_total"),
                    "a refresh and an un-REGISTER with the right password counted as authentication failures");
        }
    }

    /** Browser calls carol's phone: audio both ways, then the browser hangs up (its BYE). */
    @Test
    @Timeout(120)
    void callsASippPhoneHearsItAndHangsUp() throws Exception {
        registerCarol();
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(CAROL_IP, 0)) {
            Sipp.Running carol = answeringCarol("uas-answer-media-hold.xml", phoneMedia);
            try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, tone)) {
                alice.send("call sip:carol@127.0.0.1");
                alice.await("confirmed", 30);
                assertEquals(1.0, gw.metric("sbc_calls_active"));
                BrowserPhone.Stats stats = awaitAudio(alice, 50);
                assertEquals("connected", stats.text("dtlsState"), stats.json());
                assertTrue(stats.number("totalAudioEnergy") > 0, "the browser hears the phone: " + stats.json());
                // the relay is reached at an address the shipped defaults advertise: the host's own,
                // IPv4 or IPv6 (dual-stack: Chromium prefers the IPv6 host candidate when it has one)
                String remote = stats.text("remoteAddress");
                assertTrue(ShippedDefaultsIT.primaryAddresses().stream().anyMatch(a -> remote.startsWith(a + ":")),
                        stats.json());
                awaitPcmu(phoneMedia, 50);
                assertTrue(phoneMedia.rms() > 1000, "the browser's tone at the phone, RMS " + phoneMedia.rms());

                alice.send("hangup");
                String ended = alice.await("ended", 10);
                assertTrue(ended.contains("\"originator\":\"local\""), ended);
                Sipp.Result r = carol.await();
                assertEquals(0, r.exitCode(), "the phone got the BYE: " + r.output());
            } finally {
                carol.kill();
            }
        }
        assertTrue(lastCdr().contains("\"endedBy\":\"caller\""));
    }

    /** dave's phone calls the browser, which answers; dave hangs up after talking (the far end's BYE). */
    @Test
    @Timeout(120)
    void isCalledByASippPhoneAnswersAndTheCallerHangsUp() throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(DAVE_IP, 0);
                BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", true, tone)) {
            Sipp.Running dave = Sipp.start("uac-call-media-hangup.xml", "127.0.0.1:" + gw.sipPort, "u1", DAVE_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("dave;" + Sipp.auth("dave", ShippedGateway.password("dave")) + ";alice;" + DAVE_IP + ";"
                            + phoneMedia.port()),
                    "-d", "8000");
            try {
                String incoming = alice.await("incoming", 20);
                assertTrue(incoming.contains("dave@"), "the caller's identity: " + incoming);
                alice.await("confirmed", 20);
                BrowserPhone.Stats stats = awaitAudio(alice, 50);
                assertEquals("connected", stats.text("dtlsState"), stats.json());
                awaitPcmu(phoneMedia, 50);
                String ended = alice.await("ended", 20);
                assertTrue(ended.contains("\"originator\":\"remote\""), "the phone's BYE reached SIP.js: " + ended);
                Sipp.Result r = dave.await();
                assertEquals(0, r.exitCode(), "the phone's BYE was answered 200: " + r.output());
            } finally {
                dave.kill();
            }
        }
        String cdr = lastCdr();
        assertTrue(cdr.contains("\"callee\":\"alice@") && cdr.contains("\"endedBy\":\"caller\""), cdr);
    }

    /** Browser calls carol's phone, which answers and hangs up a moment later (the far end's BYE). */
    @Test
    @Timeout(90)
    void aCallTheBrowserMadeIsHungUpByThePhone() throws Exception {
        registerCarol();
        Sipp.Running carol = Sipp.start("uas-hangup.xml", null, "u1", CAROL_IP, carolPort, null,
                "-mi", CAROL_IP, "-mp", Integer.toString(TestGateway.freeUdpAndTcpPort()));
        try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, tone)) {
            alice.send("call sip:carol@127.0.0.1");
            alice.await("confirmed", 30);
            String ended = alice.await("ended", 20);
            assertTrue(ended.contains("\"originator\":\"remote\""), ended);
            Sipp.Result r = carol.await();
            assertEquals(0, r.exitCode(), "the phone's BYE was answered 200: " + r.output());
        } finally {
            carol.kill();
        }
        assertTrue(lastCdr().contains("\"endedBy\":\"callee\""));
    }

    /**
     * SIP.js holds and resumes as its SessionManager does: re-INVITEs offering sendonly, then
     * sendrecv. The phone answers recvonly then sendrecv; audio flows again after the resume.
     */
    @Test
    @Timeout(120)
    void holdsAndResumesByReInvite() throws Exception {
        registerCarol();
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(CAROL_IP, 0)) {
            Sipp.Running carol = answeringCarol("uas-answer-media-hold.xml", phoneMedia);
            try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, tone)) {
                alice.send("call sip:carol@127.0.0.1");
                alice.await("confirmed", 30);
                BrowserPhone.Stats before = awaitAudio(alice, 50);

                alice.send("hold");
                String held = alice.await("held", 15);
                assertTrue(held.contains("\"status\":200") && held.contains("\"direction\":\"recvonly\""),
                        "hold answered recvonly: " + held);
                alice.send("unhold");
                String resumed = alice.await("resumed", 15);
                assertTrue(resumed.contains("\"status\":200") && resumed.contains("\"direction\":\"sendrecv\""),
                        "resume answered sendrecv: " + resumed);
                double received = alice.stats().number("audioPacketsReceived");
                BrowserPhone.Stats after = awaitAudio(alice, received + 50);
                assertEquals("connected", after.text("dtlsState"), after.json());
                assertEquals(before.text("selectedPair"), after.text("selectedPair"), "same ICE pair");

                alice.send("hangup");
                alice.await("ended", 10);
                Sipp.Result r = carol.await();
                // the scenario checks the re-INVITEs: sendonly in the hold, sendrecv in the resume
                assertEquals(0, r.exitCode(), r.output());
                List<String> atPhone = CallsSippIT.messages(carol.messages(), "received");
                assertEquals(3, atPhone.stream().filter(m -> m.startsWith("INVITE ")).count(),
                        "the call and two re-INVITEs: " + atPhone);
            } finally {
                carol.kill();
            }
        }
    }

    /**
     * dave's phone calls the browser, then holds (sendonly) and resumes: re-INVITEs the gateway
     * turns into WebRTC re-offers that SIP.js answers by itself (recvonly, then sendrecv).
     */
    @Test
    @Timeout(120)
    void isHeldAndResumedByThePhone() throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(DAVE_IP, 0);
                BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", true, tone)) {
            Sipp.Running dave = Sipp.start("uac-call-media-hold.xml", "127.0.0.1:" + gw.sipPort, "u1", DAVE_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("dave;" + Sipp.auth("dave", ShippedGateway.password("dave")) + ";alice;" + DAVE_IP + ";"
                            + phoneMedia.port()),
                    "-d", "6000"); // each step: time for the checks in between (events met while polling stats are dropped)
            try {
                alice.await("confirmed", 20);
                BrowserPhone.Stats before = awaitAudio(alice, 50);
                String hold = alice.await("reinvite", 20);
                assertTrue(hold.contains("\"status\":200") && hold.contains("\"offered\":\"sendonly\"")
                        && hold.contains("\"answered\":\"recvonly\""), "hold offered to SIP.js: " + hold);
                String resume = alice.await("reinvite", 20);
                assertTrue(resume.contains("\"status\":200") && resume.contains("\"offered\":\"sendrecv\"")
                        && resume.contains("\"answered\":\"sendrecv\""), "resume offered to SIP.js: " + resume);
                double received = alice.stats().number("audioPacketsReceived");
                BrowserPhone.Stats after = awaitAudio(alice, received + 50);
                assertEquals(before.text("selectedPair"), after.text("selectedPair"), "same ICE pair");
                alice.await("ended", 20);
                Sipp.Result r = dave.await();
                assertEquals(0, r.exitCode(), "the phone got recvonly, then sendrecv: " + r.output());
            } finally {
                dave.kill();
            }
        }
    }

    /**
     * A SIP.js to SIP.js call outlives the session interval (90 s here): SIP.js does no RFC 4028
     * timers and does not allow UPDATE, so the gateway refreshes each leg itself at 45 s by
     * re-INVITE with the SDP it last sent. SIP.js must answer them and the audio must go on.
     */
    @Test
    @Timeout(150)
    void aCallOutlivesTheGatewaysSessionRefreshes() throws Exception {
        try (BrowserPhone bob = BrowserPhone.sipJs(gw, "bob", true, tone);
                BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, tone)) {
            alice.send("call sip:bob@127.0.0.1");
            alice.await("confirmed", 30);
            bob.await("confirmed", 10);
            awaitAudio(alice, 50);
            awaitAudio(bob, 50);
            for (BrowserPhone leg : List.of(alice, bob)) {
                String refresh = leg.await("reinvite", 60);
                assertTrue(refresh.contains("\"status\":200") && refresh.contains("\"offered\":\"sendrecv\"")
                        && refresh.contains("\"answered\":\"sendrecv\""), "refresh answered by SIP.js: " + refresh);
            }
            for (BrowserPhone leg : List.of(alice, bob)) {
                BrowserPhone.Stats after = awaitAudio(leg, leg.stats().number("audioPacketsReceived") + 50);
                assertEquals("connected", after.text("dtlsState"), after.json());
            }
            assertEquals(1.0, gw.metric("sbc_calls_active"), "the call is still up");
            alice.send("hangup");
            alice.await("ended", 10);
            assertTrue(bob.await("ended", 10).contains("\"originator\":\"remote\""));
        }
    }

    /** The browser gives up while carol's phone rings: CANCEL reaches the phone, SIP.js gets 487. */
    @Test
    @Timeout(90)
    void cancelsWhileThePhoneRings() throws Exception {
        registerCarol();
        Sipp.Running carol = Sipp.start("uas-ring.xml", null, "u1", CAROL_IP, carolPort, null);
        try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, null)) {
            alice.send("call sip:carol@127.0.0.1");
            assertTrue(alice.await("progress", 30).contains("\"status\":180"));
            alice.send("hangup");
            String cancelled = alice.await("cancelled", 10);
            assertTrue(cancelled.contains("\"status\":487"), cancelled);
            Sipp.Result r = carol.await();
            assertEquals(0, r.exitCode(), "the phone got the CANCEL: " + r.output());
        } finally {
            carol.kill();
        }
        assertTrue(lastCdr().contains("\"disposition\":\"cancelled\""));
    }

    /**
     * SIP.js's INFO digits (application/dtmf-relay, Duration=2000 as SessionManager sends them):
     * answered 200, and with the shipped default (media.dtmf.infoToRfc4733) played to the phone
     * as RFC 4733 events of 2 s at 8 kHz. The phone must never see an INFO (its scenario fails on one).
     */
    @Test
    @Timeout(120)
    void infoDigitsReachThePhoneAsRfc4733Events() throws Exception {
        registerCarol();
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(CAROL_IP, 0)) {
            Sipp.Running carol = answeringCarol("uas-answer-media-hold.xml", phoneMedia);
            try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, tone)) {
                alice.send("call sip:carol@127.0.0.1");
                alice.await("confirmed", 30);
                awaitPcmu(phoneMedia, 25);
                alice.send("dtmf 5#");
                for (String digit : List.of("5", "#")) {
                    String sent = alice.await("dtmfSent", 15);
                    assertTrue(sent.contains("\"tone\":\"" + digit + "\"") && sent.contains("\"status\":200"), sent);
                }
                assertEquals(List.of("5:16000", "#:16000"), awaitDigits(phoneMedia, 2, 20),
                        "digits and durations (2 s at 8 kHz)");
                alice.send("hangup");
                alice.await("ended", 10);
                Sipp.Result r = carol.await();
                assertEquals(0, r.exitCode(), "the phone got no INFO: " + r.output());
            } finally {
                carol.kill();
            }
        }
    }

    /** sessionDescriptionHandler.sendDtmf: RFC 4733 in the browser's RTP, renumbered for the phone. */
    @Test
    @Timeout(120)
    void rfc4733DigitsReachThePhone() throws Exception {
        registerCarol();
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(CAROL_IP, 0)) {
            Sipp.Running carol = answeringCarol("uas-answer-media-hold.xml", phoneMedia);
            try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, tone)) {
                alice.send("call sip:carol@127.0.0.1");
                alice.await("confirmed", 30);
                awaitPcmu(phoneMedia, 25);
                alice.send("dtmf2833 7");
                String received = awaitDigits(phoneMedia, 1, 15).get(0);
                assertTrue(received.startsWith("7:"), "the digit: " + received);
                alice.send("hangup");
                alice.await("ended", 10);
                Sipp.Result r = carol.await();
                assertEquals(0, r.exitCode(), r.output());
            } finally {
                carol.kill();
            }
        }
    }

    /** carol presses 1 (RFC 4733 from sip-tester's capture, 280 ms): SIP.js gets it by INFO and parses it. */
    @Test
    @Timeout(120)
    void aPhonesDigitReachesSipJsByInfo() throws Exception {
        registerCarol();
        Sipp.Running carol = Sipp.start("uas-answer-play-dtmf.xml", null, "u1", CAROL_IP, carolPort, null,
                "-mi", CAROL_IP, "-mp", Integer.toString(TestGateway.freeUdpAndTcpPort()));
        try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, tone)) {
            alice.send("call sip:carol@127.0.0.1");
            alice.await("confirmed", 30);
            String dtmf = alice.await("dtmf", 20);
            assertTrue(dtmf.contains("\"tone\":\"1\"") && dtmf.contains("\"duration\":280"), dtmf);
            alice.send("hangup");
            alice.await("ended", 10);
            Sipp.Result r = carol.await();
            assertEquals(0, r.exitCode(), r.output());
        } finally {
            carol.kill();
        }
    }

    // MESSAGE (RFC 3428) out of dialog, as SIP.js's Messager sends it and UserAgent delegate onMessage
    // receives it. The gateway answers 501 to these today; these tests say what it should do.

    @Test
    @Timeout(90)
    void messageFromBrowserToBrowser() throws Exception {
        try (BrowserPhone bob = BrowserPhone.sipJs(gw, "bob", false, null);
                BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, null)) {
            alice.send("message sip:bob@127.0.0.1 hello bob, it is alice");
            assertDelivered(alice.await(15, "messageSent", "messageFailed"));
            String received = bob.await("message", 10);
            assertTrue(received.contains("\"body\":\"hello bob, it is alice\"") && received.contains("alice@"),
                    "bob gets the text and who sent it: " + received);
        }
    }

    @Test
    @Timeout(90)
    void messageFromBrowserToASippPhone() throws Exception {
        registerCarol();
        Sipp.Running carol = Sipp.start("uas-message.xml", null, "u1", CAROL_IP, carolPort, null);
        try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, null)) {
            alice.send("message sip:carol@127.0.0.1 hello carol, it is alice");
            assertDelivered(alice.await(15, "messageSent", "messageFailed"));
            Sipp.Result r = carol.await(20);
            assertEquals(0, r.exitCode(), r.output());
            String message = CallsSippIT.messages(carol.messages(), "received").get(0);
            assertTrue(message.startsWith("MESSAGE ") && message.contains("hello carol, it is alice")
                    && message.contains("alice@"), message);
        } finally {
            carol.kill();
        }
    }

    @Test
    @Timeout(90)
    void messageFromASippPhoneToTheBrowser() throws Exception {
        try (BrowserPhone alice = BrowserPhone.sipJs(gw, "alice", false, null)) {
            Sipp.Running dave = Sipp.start("uac-message.xml", "127.0.0.1:" + gw.sipPort, "u1", DAVE_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("dave;" + Sipp.auth("dave", ShippedGateway.password("dave")) + ";alice"));
            try {
                Sipp.Result r = dave.await(20);
                assertEquals(0, r.exitCode(), "the phone's MESSAGE was accepted (200/202): " + r.output());
                String received = alice.await("message", 10);
                assertTrue(received.contains("Hello from dave: are you there?") && received.contains("dave@"), received);
            } finally {
                dave.kill();
            }
        }
    }

    /** Waits up to 5 s until /registrations lists {@code binding} (or no longer does); whether it got there. */
    private static boolean awaitRegistrations(String binding, boolean listed) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gw.admin("/registrations").contains(binding) != listed) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static void assertDelivered(String outcome) {
        assertTrue(outcome.contains("\"event\":\"messageSent\"")
                && (outcome.contains("\"status\":200") || outcome.contains("\"status\":202")),
                "the sender gets 200/202: " + outcome);
    }

    /** carol's SIPp phone registers its contact (CAROL_IP:carolPort), where the test then runs its UAS. */
    private static void registerCarol() throws Exception {
        Sipp.Result r = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", CAROL_IP, carolPort,
                List.of("carol;" + Sipp.auth("carol", ShippedGateway.password("carol")))).await();
        assertEquals(0, r.exitCode(), r.output());
    }

    /** carol answering PCMU with her media on the test socket. */
    private static Sipp.Running answeringCarol(String scenario, RtpEchoCapture phoneMedia) throws Exception {
        return Sipp.start(scenario, null, "u1", CAROL_IP, carolPort, List.of(CAROL_IP + ";" + phoneMedia.port()));
    }

    /** The one CDR line this test's call wrote. */
    private String lastCdr() throws Exception {
        List<String> lines = gw.awaitCdrLines(cdrLinesBefore + 1);
        assertEquals(cdrLinesBefore + 1, lines.size(), "one CDR line per call: " + lines);
        return lines.get(lines.size() - 1);
    }

    /**
     * Polls getStats() until at least {@code packets} audio packets arrived and played out with
     * some energy (playout starts a moment after the first packets), or 15 s pass.
     */
    private static BrowserPhone.Stats awaitAudio(BrowserPhone phone, double packets) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        BrowserPhone.Stats stats = phone.stats();
        while ((stats.number("audioPacketsReceived") < packets || stats.number("totalAudioEnergy") <= 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
            stats = phone.stats();
        }
        assertTrue(stats.number("audioPacketsReceived") >= packets, "audio at the browser: " + stats.json());
        return stats;
    }

    private static void awaitPcmu(RtpEchoCapture phoneMedia, long packets) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (phoneMedia.pcmuPackets.get() < packets && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(phoneMedia.pcmuPackets.get() >= packets, "audio at the phone: " + phoneMedia.pcmuPackets);
    }

    /** The digits the phone's socket got, once there are {@code count} (their end packets complete). */
    private static List<String> awaitDigits(RtpEchoCapture phoneMedia, int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (phoneMedia.digits().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(200); // the end packet's repeats
        return phoneMedia.digits();
    }
}

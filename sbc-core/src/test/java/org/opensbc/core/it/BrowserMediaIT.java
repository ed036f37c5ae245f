package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Media end to end through the relay with a real browser: JsSIP in headless Chromium, whose fake
 * microphone plays a 1 kHz tone, calls a SIPp phone on PCMU. The browser side is ICE + DTLS-SRTP,
 * the phone side plain RTP on a test socket that records the packets and echoes them back.
 * getStats() in the browser must show the transport connected and audio with energy arriving;
 * the phone side must see the tone, from the gateway's address only.
 */
@Timeout(240)
class BrowserMediaIT {

    private static final String TRUNK_IP = "127.0.0.3";
    private static TestGateway gw;
    private static int trunkPort;
    private static Path tone;

    @BeforeAll
    static void start() throws Exception {
        trunkPort = TestGateway.freeUdpAndTcpPort();
        gw = TestGateway.start(TestGateway.trunk(TRUNK_IP, trunkPort) + "\n"
                + "media: { address: 127.0.0.1, firstPort: 37000, lastPort: 37199 }");
        tone = ToneWav.write(TempDirs.create("tone").resolve("tone-1khz.wav"), 1000, 2.0, 0.5);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        Files.deleteIfExists(tone);
    }

    @AfterEach
    void everythingReleased() throws Exception {
        gw.awaitCallsReleased();
    }

    @Test
    void browserCallsAPhoneOnPcmuHoldsResumesAndHearsItsToneBack() throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(TRUNK_IP, 0)) {
            Sipp.Running trunk = Sipp.start("uas-answer-media-hold.xml", null, "u1", TRUNK_IP, trunkPort,
                    List.of(TRUNK_IP + ";" + phoneMedia.port()));
            try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false, tone)) {
                alice.send("call sip:+15551234@127.0.0.1");
                alice.await("confirmed", 30);
                BrowserPhone.Stats connected = awaitAudio(alice, 50);
                assertEquals("connected", connected.text("dtlsState"), connected.json());
                assertTrue(connected.number("totalAudioEnergy") > 0, "the browser hears audio: " + connected.json());

                assertTrue(phoneMedia.pcmuPackets.get() >= 50, "PCMU at the phone: " + phoneMedia.pcmuPackets);
                assertTrue(phoneMedia.rms() > 1000, "the tone's energy at the phone, RMS " + phoneMedia.rms());
                Set<java.net.SocketAddress> sources = Set.copyOf(phoneMedia.sources);
                assertEquals(1, sources.size(), "one source: " + sources);
                InetSocketAddress source = (InetSocketAddress) sources.iterator().next();
                assertEquals("127.0.0.1", source.getAddress().getHostAddress(), "RTP comes from the gateway");
                assertTrue(source.getPort() >= 37000 && source.getPort() <= 37199, "from the relay's range: " + source);

                // hold and resume: two re-INVITEs; DTLS is kept and audio flows again after resume
                alice.send("hold");
                alice.await("held", 15);
                alice.send("unhold");
                alice.await("resumed", 15);
                double before = alice.stats().number("audioPacketsReceived");
                BrowserPhone.Stats resumed = awaitAudio(alice, before + 50);
                assertEquals("connected", resumed.text("dtlsState"), resumed.json());
                assertEquals(connected.text("selectedPair"), resumed.text("selectedPair"), "same ICE pair");

                alice.send("hangup");
                alice.await("ended", 10);
            }
            Sipp.Result r = trunk.await();
            assertEquals(0, r.exitCode(), r.output());
            String offer = CallsSippIT.messages(trunk.messages(), "received").get(0);
            assertTrue(offer.contains("RTP/AVP") && !offer.contains("candidate") && !offer.contains("fingerprint"), offer);
        }
        assertTrue(gw.metric("sbc_media_packets_relayed_total{from=\"caller\"}") >= 100);
        assertTrue(gw.metric("sbc_media_packets_relayed_total{from=\"callee\"}") >= 100);
    }

    /**
     * Transcoding end to end: the browser offers only Opus, the phone answers only PCMU. The
     * phone must get payload type 0 with the tone in it, the browser Opus with energy.
     */
    @Test
    void anOpusOnlyBrowserCallsAPcmuOnlyPhone() throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(TRUNK_IP, 0)) {
            Sipp.Running trunk = Sipp.start("uas-answer-media-hold.xml", null, "u1", TRUNK_IP, trunkPort,
                    List.of(TRUNK_IP + ";" + phoneMedia.port()));
            try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false, tone,
                    "opus,telephone-event")) {
                alice.send("call sip:+15551234@127.0.0.1");
                alice.await("confirmed", 30);
                BrowserPhone.Stats stats = awaitAudio(alice, 50);
                assertEquals("connected", stats.text("dtlsState"), stats.json());
                assertEquals("audio/opus", stats.text("audioCodec"), "the browser receives Opus: " + stats.json());
                assertTrue(stats.number("totalAudioEnergy") > 0, "with energy: " + stats.json());
                assertTrue(phoneMedia.pcmuPackets.get() >= 50, "PCMU at the phone: " + phoneMedia.pcmuPackets);
                assertTrue(phoneMedia.rms() > 1000, "the tone's energy at the phone, RMS " + phoneMedia.rms());
                alice.send("hangup");
                alice.await("ended", 10);
            }
            Sipp.Result r = trunk.await();
            assertEquals(0, r.exitCode(), r.output());
            String offer = CallsSippIT.messages(trunk.messages(), "received").get(0);
            String audioLine = offer.lines().filter(l -> l.startsWith("m=audio")).findFirst().orElseThrow();
            assertTrue(audioLine.matches("m=audio \\d+ RTP/AVP 111 0 8 .*"), "G.711 added for the phone: " + audioLine);
        }
    }

    @Test
    void aPhoneCallsTheBrowserWhichAnswersAndHearsAudio() throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(TRUNK_IP, 0);
                BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, true, tone)) {
            Sipp.Running trunk = Sipp.start("uac-trunk-call-media.xml", "127.0.0.1:" + gw.sipPort, "u1", TRUNK_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("+15550100;" + TRUNK_IP + ";alice;" + phoneMedia.port()));
            alice.await("confirmed", 30);
            BrowserPhone.Stats stats = awaitAudio(alice, 50);
            assertEquals("connected", stats.text("dtlsState"), stats.json());
            assertTrue(stats.number("totalAudioEnergy") > 0, stats.json());
            assertTrue(phoneMedia.rms() > 1000, "tone at the phone, RMS " + phoneMedia.rms());
            alice.send("hangup");
            alice.await("ended", 10);
            Sipp.Result r = trunk.await();
            assertEquals(0, r.exitCode(), r.output());
        }
    }

    @Test
    void browserToBrowserThroughTheRelay() throws Exception {
        try (BrowserPhone bob = BrowserPhone.register(gw, "bob", TestGateway.BOB_PASSWORD, true, tone);
                BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false, tone)) {
            alice.send("call sip:bob@127.0.0.1");
            alice.await("confirmed", 30);
            BrowserPhone.Stats atAlice = awaitAudio(alice, 50);
            BrowserPhone.Stats atBob = awaitAudio(bob, 50);
            assertTrue(atAlice.number("totalAudioEnergy") > 0 && atBob.number("totalAudioEnergy") > 0,
                    atAlice.json() + "\n" + atBob.json());
            assertEquals("connected", atBob.text("dtlsState"));
            alice.send("hangup");
            alice.await("ended", 10);
            bob.await("ended", 10);
        }
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
}

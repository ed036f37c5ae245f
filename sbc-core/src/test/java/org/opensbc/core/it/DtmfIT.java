package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DTMF between a JsSIP browser and SIPp phones through the gateway, with the gateway's defaults:
 * the browser's digits, sent by SIP INFO (JsSIP's default) or as RFC 4733 events in its RTP,
 * reach the phone as RFC 4733 events with the right digits and durations inside the stream it
 * already hears; a phone's RFC 4733 digit reaches the browser's page by INFO.
 */
@Timeout(240)
class DtmfIT {

    private static final String TRUNK_IP = "127.0.0.3";
    private static TestGateway gw;
    private static int trunkPort;
    private static Path tone;

    @BeforeAll
    static void start() throws Exception {
        trunkPort = TestGateway.freeUdpAndTcpPort();
        gw = TestGateway.start(TestGateway.trunk(TRUNK_IP, trunkPort) + "\n"
                + "media: { address: 127.0.0.1, firstPort: 37200, lastPort: 37399 }");
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

    /** JsSIP sends "5#" as two INFOs (100 ms each); the phone, which never sees an INFO, gets RFC 4733 events. */
    @Test
    void browserInfoDigitsReachThePhoneAsRfc4733EventsInItsStream() throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(TRUNK_IP, 0)) {
            Sipp.Running trunk = startPhone(phoneMedia);
            try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false, tone)) {
                alice.send("call sip:+15551234@127.0.0.1");
                alice.await("confirmed", 30);
                awaitPcmu(phoneMedia, 25);
                alice.send("dtmf 5#");
                List<String> digits = awaitDigits(phoneMedia, 2);
                assertEquals(List.of("5:800", "#:800"), digits, "digits and durations (100 ms at 8 kHz)");
                alice.send("hangup");
                alice.await("ended", 10);
                Sipp.Result r = trunk.await();
                assertEquals(0, r.exitCode(), "the phone got no INFO: " + r.output());
            } finally {
                trunk.kill(); // a failed step must not leave it holding the trunk's port for the next test
            }
            assertOneContinuousStream(phoneMedia);
        }
    }

    /** Digits sent by the browser's RTCDTMFSender, with PCMU passed through: renumbered 126 -> 101. */
    @Test
    void browserRfc4733DigitsReachThePhoneOnPcmu() throws Exception {
        browserRfc4733DigitReachesThePhone(null, "3");
    }

    /** The same with an Opus-only browser: the events' 48 kHz durations are rescaled to 8 kHz. */
    @Test
    void browserRfc4733DigitsReachThePhoneThroughTranscoding() throws Exception {
        browserRfc4733DigitReachesThePhone("opus,telephone-event", "9");
    }

    private void browserRfc4733DigitReachesThePhone(String codecs, String digit) throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(TRUNK_IP, 0)) {
            Sipp.Running trunk = startPhone(phoneMedia);
            try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false, tone, codecs)) {
                alice.send("call sip:+15551234@127.0.0.1");
                alice.await("confirmed", 30);
                awaitPcmu(phoneMedia, 25);
                alice.send("dtmf2833 " + digit);
                String received = awaitDigits(phoneMedia, 1).get(0);
                assertTrue(received.startsWith(digit + ":"), "the digit: " + received);
                int ticks = Integer.parseInt(received.substring(2));
                assertTrue(ticks >= 640 && ticks <= 1120, "about 100 ms at 8 kHz: " + received);
                alice.send("hangup");
                alice.await("ended", 10);
                Sipp.Result r = trunk.await();
                assertEquals(0, r.exitCode(), r.output());
            } finally {
                trunk.kill();
            }
            assertTrue(phoneMedia.received.stream().filter(p -> p.payloadType() == RtpEchoCapture.EVENT_TYPE)
                    .allMatch(p -> p.event() == "0123456789*#".indexOf(digit)), "only that digit's events");
        }
    }

    /** SIPp plays digit 1 (280 ms) from sip-tester's RFC 4733 capture; the page hears of it by INFO. */
    @Test
    void aPhonesRfc4733DigitReachesTheBrowserByInfo() throws Exception {
        Sipp.Running trunk = Sipp.start("uas-answer-play-dtmf.xml", null, "u1", TRUNK_IP, trunkPort, null,
                "-mi", TRUNK_IP, "-mp", Integer.toString(TestGateway.freeUdpAndTcpPort()));
        try (BrowserPhone alice = BrowserPhone.register(gw, "alice", TestGateway.ALICE_PASSWORD, false, tone)) {
            alice.send("call sip:+15551234@127.0.0.1");
            alice.await("confirmed", 30);
            String dtmf = alice.await("dtmf", 20);
            assertTrue(dtmf.contains("\"tone\":\"1\"") && dtmf.contains("\"duration\":280"), dtmf);
            alice.send("hangup");
            alice.await("ended", 10);
            Sipp.Result r = trunk.await();
            assertEquals(0, r.exitCode(), r.output());
        } finally {
            trunk.kill();
        }
    }

    private static Sipp.Running startPhone(RtpEchoCapture phoneMedia) throws Exception {
        return Sipp.start("uas-answer-media-hold.xml", null, "u1", TRUNK_IP, trunkPort,
                List.of(TRUNK_IP + ";" + phoneMedia.port()));
    }

    private static void awaitPcmu(RtpEchoCapture phoneMedia, long packets) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (phoneMedia.pcmuPackets.get() < packets && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(phoneMedia.pcmuPackets.get() >= packets, "audio at the phone: " + phoneMedia.pcmuPackets);
    }

    private static List<String> awaitDigits(RtpEchoCapture phoneMedia, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (phoneMedia.digits().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(200); // the end packet's repeats
        List<String> digits = phoneMedia.digits();
        assertEquals(count, digits.size(), "digits at the phone: " + digits);
        return digits;
    }

    /** Audio and events share one SSRC and one sequence: no gap, no repeat (the end packets aside). */
    private static void assertOneContinuousStream(RtpEchoCapture phoneMedia) {
        List<RtpEchoCapture.Packet> packets = new ArrayList<>(phoneMedia.received);
        assertTrue(packets.stream().map(RtpEchoCapture.Packet::ssrc).distinct().count() == 1,
                "one SSRC for audio and events");
        int gaps = 0;
        for (int i = 1; i < packets.size(); i++) {
            if (((packets.get(i).sequence() - packets.get(i - 1).sequence()) & 0xFFFF) != 1) {
                gaps++;
            }
        }
        assertEquals(0, gaps, "sequence numbers run on across the events");
    }
}

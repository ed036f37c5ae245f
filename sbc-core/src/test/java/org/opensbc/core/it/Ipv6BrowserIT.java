package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A browser on IPv6 calls a phone on IPv4: JsSIP in headless Chromium connects to
 * wss://[::1] of a dual-stack gateway, registers and calls a SIPp trunk on 127.0.0.3 whose media
 * socket echoes RTP. The browser's ICE pair ends on the relay's IPv6 host candidate, the phone
 * hears the browser's tone from the relay's IPv4 address, and the browser hears it back.
 */
@Timeout(180)
class Ipv6BrowserIT {

    private static final String TRUNK_IP = "127.0.0.3";
    private static final int FIRST_PORT = 45500;
    private static final int LAST_PORT = 45599;
    private static TestGateway gw;
    private static int trunkPort;
    private static Path tone;

    @BeforeAll
    static void start() throws Exception {
        trunkPort = TestGateway.freeUdpAndTcpPort();
        gw = TestGateway.startDualStack(TestGateway.trunk(TRUNK_IP, trunkPort) + "\n"
                + "media: { address: \"::\", advertisedAddress: 127.0.0.1, advertisedAddressV6: \"::1\", firstPort: %d, lastPort: %d }"
                        .formatted(FIRST_PORT, LAST_PORT));
        tone = ToneWav.write(TempDirs.create("tone").resolve("tone-1khz.wav"), 1000, 2.0, 0.5);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        Files.deleteIfExists(tone);
    }

    @Test
    void aBrowserOnIpv6CallsAPhoneOnIpv4WithAudioBothWays() throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(TRUNK_IP, 0)) {
            Sipp.Running trunk = Sipp.start("uas-answer-media-hold.xml", null, "u1", TRUNK_IP, trunkPort,
                    List.of(TRUNK_IP + ";" + phoneMedia.port()));
            try (BrowserPhone alice = BrowserPhone.registerOverIpv6(gw.wssPort, "alice", TestGateway.ALICE_PASSWORD, tone)) {
                assertTrue(alice.registration().contains("\"status\":200"), alice.registration());
                String listing = gw.admin("/registrations");
                assertTrue(listing.contains("\"aor\":\"alice@127.0.0.1\""), "alice@[::1] is alice@127.0.0.1: " + listing);
                alice.send("call sip:+15551234@[::1]");
                alice.await("confirmed", 30);
                BrowserPhone.Stats stats = alice.awaitAudio(50, 20);
                assertTrue(stats.number("audioPacketsReceived") >= 50, "audio at the browser: " + stats.json());
                assertEquals("connected", stats.text("dtlsState"), stats.json());
                assertTrue(stats.number("totalAudioEnergy") > 0, "the browser hears its tone back: " + stats.json());
                assertEquals("::1", stats.text("selectedRemoteAddress"),
                        "ICE runs on the relay's IPv6 host candidate: " + stats.json());

                assertTrue(phoneMedia.pcmuPackets.get() >= 50, "PCMU at the phone: " + phoneMedia.pcmuPackets);
                assertTrue(phoneMedia.rms() > 1000, "the tone's energy at the phone, RMS " + phoneMedia.rms());
                Set<java.net.SocketAddress> sources = Set.copyOf(phoneMedia.sources);
                assertEquals(1, sources.size(), "one source: " + sources);
                InetSocketAddress source = (InetSocketAddress) sources.iterator().next();
                assertEquals("127.0.0.1", source.getAddress().getHostAddress(), "RTP from the relay's IPv4 address");
                assertTrue(source.getPort() >= FIRST_PORT && source.getPort() <= LAST_PORT, "from the relay: " + source);
                alice.send("hangup");
                alice.await("ended", 10);
            }
            Sipp.Result r = trunk.await();
            assertEquals(0, r.exitCode(), r.output());
            String offer = CallsSippIT.messages(trunk.messages(), "received").get(0);
            assertTrue(offer.contains("\nc=IN IP4 127.0.0.1\n") && offer.contains("RTP/AVP"), offer);
            assertFalse(offer.contains("::1") || offer.contains("candidate"), "nothing of the IPv6 browser:\n" + offer);
        }
        gw.awaitCallsReleased();
    }
}

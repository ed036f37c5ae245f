package org.opensbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.webrtc.BrowserPeer;

/**
 * The WebRTC leg against a real ICE agent, DTLS endpoint and SRTP stack (BrowserPeer) and a
 * phone on a plain UDP socket, all on loopback: media both ways, in both offer directions,
 * browser to browser, and what strangers and forgers get.
 */
@Timeout(60)
class WebRtcRelayTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private MediaRelay relay;
    private DatagramSocket phone;

    @BeforeEach
    void start() throws IOException {
        relay = new MediaRelay(new RelayConfig(LOOPBACK, "127.0.0.1", 33300, 33399, 1));
        phone = new DatagramSocket(new InetSocketAddress("127.0.0.6", 0));
        phone.setSoTimeout(3000);
    }

    @AfterEach
    void stop() {
        relay.close();
        phone.close();
    }

    @Test
    void browserCallsPhoneAndMediaFlowsBothWays() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w1")) {
            SessionDescription toPhone = SdpParser.parse(session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN));
            MediaDescription audio = toPhone.media().get(0);
            assertEquals("RTP/AVP", audio.proto());
            String plainText = toPhone.toString();
            for (String leaked : new String[] {"127.0.0.5", "ice-", "candidate", "fingerprint", "setup", "BUNDLE",
                    "extmap", "ssrc", "rtcp-mux", "mid"}) {
                assertFalse(plainText.contains(leaked), leaked + " must not reach the phone:\n" + plainText);
            }

            SessionDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, phoneSdp()));
            MediaDescription answer = toBrowser.media().get(0);
            assertEquals("UDP/TLS/RTP/SAVPF", answer.proto());
            assertTrue(toBrowser.hasAttribute("ice-lite"));
            assertEquals("BUNDLE 0", toBrowser.attribute("group").orElseThrow());
            assertEquals("active", answer.attribute("setup").orElseThrow(), "RFC 5763: the answerer is active");
            assertTrue(answer.hasAttribute("rtcp-mux"));
            assertFalse(toBrowser.toString().contains("127.0.0.6"), "the phone's address stays on its side");

            browser.accept(toBrowser.toString());
            assertTrue(browser.awaitSecure(15), "ICE and DTLS complete");
            awaitTrue(() -> session.isSecure(Side.CALLER));

            byte[] spoken = PlainRelayTest.rtp(0, 1, 0x1111);
            browser.send(spoken, false);
            DatagramPacket atPhone = receive(phone);
            assertArrayEquals(spoken, Arrays.copyOf(atPhone.getData(), atPhone.getLength()), "plain RTP at the phone");
            assertEquals(audio.port(), atPhone.getPort(), "from the port the phone's SDP names");

            byte[] heard = PlainRelayTest.rtp(0, 9, 0x2222);
            phone.send(new DatagramPacket(heard, heard.length, new InetSocketAddress(LOOPBACK, audio.port())));
            assertArrayEquals(heard, browser.receive(3000), "the browser decrypts what the phone sent");
            assertEquals(browser.localAddress(), session.latched(0, Side.CALLER));
        }
        assertEquals(0, relay.portPairsInUse());
    }

    @Test
    void phoneCallsBrowserWhichAnswersActive() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w2")) {
            SessionDescription toBrowser = SdpParser.parse(session.offer(Side.CALLER, phoneSdp(), Profile.WEBRTC));
            MediaDescription offer = toBrowser.media().get(0);
            assertEquals("UDP/TLS/RTP/SAVPF", offer.proto());
            assertEquals("actpass", offer.attribute("setup").orElseThrow());
            assertEquals("0", offer.attribute("mid").orElseThrow(), "a mid for the phone's line");
            assertEquals("BUNDLE 0", toBrowser.attribute("group").orElseThrow());

            String toPhone = session.answer(Side.CALLEE, browser.answer(toBrowser.toString()));
            int phoneTarget = SdpParser.parse(toPhone).media().get(0).port();
            assertFalse(toPhone.contains("127.0.0.5"));
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLEE));

            byte[] heard = PlainRelayTest.rtp(8, 1, 0x3333);
            phone.send(new DatagramPacket(heard, heard.length, new InetSocketAddress(LOOPBACK, phoneTarget)));
            assertArrayEquals(heard, browser.receive(3000));
            byte[] spoken = PlainRelayTest.rtp(8, 1, 0x4444);
            browser.send(spoken, false);
            DatagramPacket atPhone = receive(phone);
            assertArrayEquals(spoken, Arrays.copyOf(atPhone.getData(), atPhone.getLength()));
        }
        assertEquals(0, relay.portPairsInUse());
    }

    /**
     * A host (or network namespace) whose only address is loopback: the relay listens on every
     * interface and advertises 127.0.0.1. A browser there must be served, or ICE never completes.
     */
    @Test
    void relayOnAllInterfacesAdvertisingLoopbackServesALoopbackBrowser() throws Exception {
        try (MediaRelay wildcard = new MediaRelay(new RelayConfig(InetAddress.getByName("0.0.0.0"), "127.0.0.1",
                33400, 33499, 1));
                BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = wildcard.newSession("w5")) {
            session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN);
            browser.accept(session.answer(Side.CALLEE, phoneSdp()));
            assertTrue(browser.awaitSecure(15), "ICE and DTLS complete with the loopback browser");
            awaitTrue(() -> session.isSecure(Side.CALLER));
        }
    }

    @Test
    void linkLocalCandidatesAreNeverServedAndLoopbackOnlyByALoopbackOrWildcardRelay() throws Exception {
        InetAddress linkLocal = InetAddress.getByName("169.254.1.1");
        InetAddress loopback = InetAddress.getByName("127.0.0.5");
        InetAddress remote = InetAddress.getByName("198.51.100.7");
        try (MediaRelay wildcard = new MediaRelay(new RelayConfig(InetAddress.getByName("0.0.0.0"), "198.51.100.1",
                33500, 33599, 1));
                MediaRelay specific = new MediaRelay(new RelayConfig(InetAddress.getByName("198.51.100.1"), "198.51.100.1",
                        33600, 33699, 1))) {
            assertTrue(wildcard.canReach(loopback) && wildcard.canReach(remote) && !wildcard.canReach(linkLocal));
            assertTrue(specific.canReach(remote) && !specific.canReach(loopback) && !specific.canReach(linkLocal));
            assertTrue(relay.canReach(loopback) && !relay.canReach(remote), "a loopback relay serves loopback only");
        }
    }

    @Test
    void browserToBrowserReEncryptsWithEachLegsKeys() throws Exception {
        try (BrowserPeer alice = new BrowserPeer("127.0.0.5"); BrowserPeer bob = new BrowserPeer("127.0.0.7");
                MediaSession session = relay.newSession("w3")) {
            String toBob = session.offer(Side.CALLER, alice.offer(false), Profile.WEBRTC);
            alice.accept(session.answer(Side.CALLEE, bob.answer(toBob)));
            assertTrue(alice.awaitSecure(15));
            assertTrue(bob.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER) && session.isSecure(Side.CALLEE));
            byte[] spoken = PlainRelayTest.rtp(0, 5, 0x5555);
            alice.send(spoken, false);
            assertArrayEquals(spoken, bob.receive(3000));
            bob.send(PlainRelayTest.rtp(0, 6, 0x6666), false);
            assertArrayEquals(PlainRelayTest.rtp(0, 6, 0x6666), alice.receive(3000));
        }
    }

    @Test
    void videoThePhoneRejectsIsRejectedTowardsTheBrowserAndAudioStays() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w4")) {
            SessionDescription toPhone = SdpParser.parse(session.offer(Side.CALLER, browser.offer(true), Profile.PLAIN));
            assertEquals(2, toPhone.media().size());
            int videoPort = toPhone.media().get(1).port();
            String phoneAnswer = phoneSdp() + "m=video 0 RTP/AVP 96\r\n";
            SessionDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, phoneAnswer));
            assertEquals(0, toBrowser.media().get(1).port());
            assertEquals("1", toBrowser.media().get(1).attribute("mid").orElseThrow());
            assertEquals("BUNDLE 0", toBrowser.attribute("group").orElseThrow());
            assertTrue(videoPort > 0);
            assertEquals(2, relay.portPairsInUse(), "the WebRTC port and the phone's audio pair; video's pair is back");
            browser.accept(toBrowser.toString());
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER));
            byte[] spoken = PlainRelayTest.rtp(0, 1, 0x1111);
            browser.send(spoken, false);
            DatagramPacket atPhone = receive(phone);
            assertArrayEquals(spoken, Arrays.copyOf(atPhone.getData(), atPhone.getLength()));
        }
    }

    @Test
    void reOffersKeepTheTransportAndAnIceRestartChangesOnlyTheIceCredentials() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w8")) {
            int phoneTarget = SdpParser.parse(session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN)).media().get(0).port();
            MediaDescription first = SdpParser.parse(session.answer(Side.CALLEE, phoneSdp())).media().get(0);
            browser.accept(answerWith(first));
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER));
            int relayPort = first.port();

            // hold and resume: two re-offers with the same credentials; nothing about the transport moves
            for (String direction : new String[] {"sendonly", "sendrecv"}) {
                session.offer(Side.CALLER, browser.offer(false).replace("a=sendrecv", "a=" + direction), Profile.PLAIN);
                MediaDescription again = SdpParser.parse(session.answer(Side.CALLEE,
                        phoneSdp() + "a=" + (direction.equals("sendonly") ? "recvonly" : "sendrecv") + "\r\n")).media().get(0);
                for (String kept : new String[] {"ice-ufrag", "ice-pwd", "fingerprint", "setup"}) {
                    assertEquals(first.attribute(kept), again.attribute(kept), kept + " after a re-offer");
                }
                assertEquals(relayPort, again.port());
            }
            // what the browser sends reaches the phone byte for byte: SSRC, sequence and timestamp untouched
            byte[] afterResume = PlainRelayTest.rtp(0, 77, 0x1111);
            afterResume[4] = 0x12;
            browser.send(afterResume, false);
            DatagramPacket atPhone = receive(phone);
            assertArrayEquals(afterResume, Arrays.copyOf(atPhone.getData(), atPhone.getLength()));

            // ICE restart: new credentials both ways, same fingerprint and role, DTLS keys kept
            browser.restartIce();
            session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN);
            MediaDescription restarted = SdpParser.parse(session.answer(Side.CALLEE, phoneSdp())).media().get(0);
            assertFalse(first.attribute("ice-ufrag").equals(restarted.attribute("ice-ufrag")), "new ufrag");
            assertFalse(first.attribute("ice-pwd").equals(restarted.attribute("ice-pwd")), "new password");
            assertEquals(first.attribute("fingerprint"), restarted.attribute("fingerprint"));
            assertEquals(first.attribute("setup"), restarted.attribute("setup"));
            browser.accept(answerWith(restarted));
            assertTrue(browser.awaitIceCompletions(2, 15), "ICE completes again with the new credentials");
            byte[] heard = PlainRelayTest.rtp(0, 9, 0x2222);
            phone.send(new DatagramPacket(heard, heard.length, new InetSocketAddress(LOOPBACK, phoneTarget)));
            assertArrayEquals(heard, browser.receive(3000), "media with the keys of the first handshake");
        }
    }

    @Test
    void aPhoneThatRestartsItsStreamIsStillHeardByTheBrowsersReplayCheck() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w9")) {
            int phoneTarget = SdpParser.parse(session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN)).media().get(0).port();
            browser.accept(session.answer(Side.CALLEE, phoneSdp()));
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER));
            InetSocketAddress relayPort = new InetSocketAddress(LOOPBACK, phoneTarget);
            // 20 packets, then the same SSRC from sequence 1 again (a phone resuming after hold),
            // then a new SSRC (music on hold): SRTP would reject the restart as replays
            int[][] sent = {{0xAAAA, 5000}, {0xAAAA, 1}, {0xBBBB, 700}};
            for (int[] burst : sent) {
                for (int i = 0; i < 20; i++) {
                    byte[] packet = PlainRelayTest.rtp(0, burst[1] + i, burst[0]);
                    phone.send(new DatagramPacket(packet, packet.length, relayPort));
                    Thread.sleep(2);
                }
            }
            for (int n = 0; n < 60; n++) {
                byte[] heard = browser.receive(3000);
                assertNotNull(heard, "packet " + n + " reached the browser (dropped as a replay: "
                        + browser.unauthenticated.get() + ")");
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(heard);
                assertEquals(0xAAAA, b.getInt(8), "one SSRC for the whole call");
                assertEquals(5000 + n, b.getShort(2) & 0xFFFF, "one run of sequence numbers");
            }
            assertEquals(0, browser.unauthenticated.get());
        }
    }

    /** A one-line answer as SDP text (the test peer reads only the first m= line). */
    private static String answerWith(MediaDescription m) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + sectionText(m);
    }

    private static String sectionText(MediaDescription m) {
        SessionDescription holder;
        try {
            holder = SdpParser.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        holder.media().add(m);
        String text = holder.toString();
        return text.substring(text.indexOf("m="));
    }

    @Test
    void aPeerWhoseCertificateIsNotTheOneItsSdpNamesGetsNoKeys() throws Exception {
        try (BrowserPeer impostor = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w7")) {
            impostor.announceWrongFingerprint();
            session.offer(Side.CALLER, impostor.offer(false), Profile.PLAIN);
            impostor.accept(session.answer(Side.CALLEE, phoneSdp()));
            assertFalse(impostor.awaitSecure(5), "the relay refused the handshake");
            assertFalse(session.isSecure(Side.CALLER));
            assertNotNull(session.latched(0, Side.CALLER), "ICE itself did complete");
        }
    }

    @Test
    void aPhoneThatLeavesOutTheVideoLineRejectsIt() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w6")) {
            session.offer(Side.CALLER, browser.offer(true), Profile.PLAIN);
            SessionDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, phoneSdp()));
            assertEquals(2, toBrowser.media().size(), "as many m= lines as the browser offered");
            assertEquals(0, toBrowser.media().get(1).port());
            assertEquals("video", toBrowser.media().get(1).media());
            assertEquals("UDP/TLS/RTP/SAVPF", toBrowser.media().get(1).proto());
            assertEquals("BUNDLE 0", toBrowser.attribute("group").orElseThrow());
            assertEquals(2, relay.portPairsInUse());
        }
    }

    @Test
    void forgeriesStrangersAndBadStunAreDroppedAndTheCallGoesOn() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("w5");
                DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.9", 0))) {
            stranger.setSoTimeout(1000);
            session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN);
            String answer = session.answer(Side.CALLEE, phoneSdp());
            int relayPort = SdpParser.parse(answer).media().get(0).port();
            browser.accept(answer);
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER));
            browser.send(PlainRelayTest.rtp(0, 1, 0x1111), false);
            receive(phone);

            // 10,000 SRTP-looking packets with no valid tag, from the browser's own address, in
            // batches the socket buffer surely holds: every one must be seen and refused
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int batch = 0; batch < 100; batch++) {
                for (int i = 0; i < 100; i++) {
                    byte[] forged = PlainRelayTest.rtp(0, 2 + batch * 100 + i, 0x1111);
                    byte[] noise = new byte[forged.length - 12];
                    random.nextBytes(noise);
                    System.arraycopy(noise, 0, forged, 12, noise.length);
                    browser.sendRaw(forged);
                }
                long sent = (batch + 1) * 100L;
                awaitCount(() -> session.transportCounters(Side.CALLER).unauthenticated(), sent);
            }
            awaitCount(() -> session.transportCounters(Side.CALLER).unauthenticated(), 10_000);

            // a ClientHello-looking record and SRTP from an address ICE never selected
            byte[] hello = new byte[60];
            hello[0] = 22;
            hello[1] = (byte) 0xFE;
            hello[2] = (byte) 0xFD;
            InetSocketAddress relayAddress = new InetSocketAddress(LOOPBACK, relayPort);
            stranger.send(new DatagramPacket(hello, hello.length, relayAddress));
            byte[] injected = PlainRelayTest.rtp(0, 3, 0x7777);
            stranger.send(new DatagramPacket(injected, injected.length, relayAddress));
            awaitCount(() -> session.transportCounters(Side.CALLER).foreign(), 2);

            // a STUN binding request with the relay's ufrag (it is in SDP) but a made-up integrity
            String ufrag = SdpParser.parse(answer).media().get(0).attribute("ice-ufrag").orElseThrow();
            byte[] probe = StunProbe.bindingRequest(ufrag + ":evil");
            stranger.send(new DatagramPacket(probe, probe.length, relayAddress));
            assertNull(successResponse(stranger), "no STUN success without valid MESSAGE-INTEGRITY");

            // the call is unharmed: the next genuine packet leaves byte for byte (forgeries moved nothing)
            byte[] later = PlainRelayTest.rtp(0, 2, 0x1111);
            browser.send(later, false);
            DatagramPacket atPhone = receive(phone);
            assertArrayEquals(later, Arrays.copyOf(atPhone.getData(), atPhone.getLength()));
            assertEquals(browser.localAddress(), session.latched(0, Side.CALLER));
            awaitCount(() -> session.counters(0, Side.CALLER).relayed(), 2); // counted just after the send
        }
    }

    // --- helpers

    private String phoneSdp() {
        String ip = phone.getLocalAddress().getHostAddress();
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\n"
                + "m=audio " + phone.getLocalPort() + " RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n";
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return packet;
    }

    /** A STUN success response (class 0b10, method binding) if one arrives within the socket timeout. */
    private static DatagramPacket successResponse(DatagramSocket socket) throws IOException {
        try {
            while (true) {
                DatagramPacket packet = receive(socket);
                byte[] d = packet.getData();
                if (packet.getLength() >= 20 && d[0] == 0x01 && d[1] == 0x01) {
                    return packet;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static void awaitCount(LongSupplier counter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (counter.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(expected, counter.getAsLong());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean());
    }
}

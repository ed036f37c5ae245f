package org.opensbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.webrtc.BrowserPeer;

/**
 * DTMF interworking in the real relay: digits that came by signalling are played to a phone as
 * RFC 4733 events inside the stream it already receives, and a phone's events towards a browser
 * are taken out of the RTP and reported once per digit (or passed on, as configured).
 */
@Timeout(60)
class DtmfRelayTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private MediaRelay relay;
    private final List<DatagramSocket> sockets = new ArrayList<>();
    private final BlockingQueue<String> digits = new LinkedBlockingQueue<>();

    private void start(DtmfDelivery towardsBrowsers) throws IOException {
        relay = new MediaRelay(new RelayConfig(LOOPBACK, "127.0.0.1", 33600, 33699, 1, Duration.ZERO,
                TranscodingPolicy.PASSTHROUGH, OpusLoader.Preference.AUTO, towardsBrowsers));
    }

    private MediaSession session(String name) {
        return relay.newSession(name, () -> { }, (from, digit, millis) -> digits.add(from + " " + digit + " " + millis));
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        sockets.forEach(DatagramSocket::close);
    }

    @Test
    void signalledDigitsArePlayedToAPhoneInsideItsStream() throws Exception {
        start(DtmfDelivery.SIGNALLING);
        DatagramSocket phoneA = socket("127.0.0.5");
        DatagramSocket phoneB = socket("127.0.0.6");
        try (MediaSession session = session("d1")) {
            int towardsB = port(session.offer(Side.CALLER, phone(phoneA, 101)));
            int towardsA = port(session.answer(Side.CALLEE, phone(phoneB, 96)));
            for (int i = 0; i < 5; i++) {
                send(phoneA, TranscodingRelayTest.rtp(0, false, 10 + i, 1_000 + 160 * i, 0x1111, new byte[160], 160), towardsA);
            }
            int lastAudioTs = 0;
            for (int i = 0; i < 5; i++) {
                lastAudioTs = ByteBuffer.wrap(receive(phoneB)).getInt(4);
            }

            assertTrue(session.sendDtmf(Side.CALLEE, '7', 100));
            assertTrue(session.sendDtmf(Side.CALLEE, '#', 60), "queued behind the first");
            List<ByteBuffer> events = new ArrayList<>();
            while (events.size() < 12) {
                events.add(ByteBuffer.wrap(receive(phoneB)));
            }
            int[] sevenDurations = {160, 320, 480, 640, 800, 800, 800};
            int[] poundDurations = {160, 320, 480, 480, 480};
            int seq = 14;
            for (int i = 0; i < events.size(); i++) {
                ByteBuffer e = events.get(i);
                boolean seven = i < sevenDurations.length;
                int k = seven ? i : i - sevenDurations.length;
                int[] durations = seven ? sevenDurations : poundDurations;
                assertEquals(96, e.get(1) & 0x7F, "B's own telephone-event number");
                assertEquals(k == 0 ? 0x80 : 0, e.get(1) & 0x80, "marker on an event's first packet");
                assertEquals(0x1111, e.getInt(8), "the SSRC of the stream B already hears");
                assertEquals((seq + 1) & 0xFFFF, e.getShort(2) & 0xFFFF, "sequence continues the stream");
                seq = e.getShort(2) & 0xFFFF;
                assertEquals(seven ? 7 : 11, e.get(12), "event code");
                assertEquals(k >= durations.length - 3 ? 0x80 : 0, e.get(13) & 0x80, "end bit on the last three");
                assertEquals(durations[k], e.getShort(14) & 0xFFFF, "duration at 8 kHz");
                assertEquals(events.get(seven ? 0 : sevenDurations.length).getInt(4), e.getInt(4),
                        "one timestamp per event");
            }
            int sevenTs = events.get(0).getInt(4);
            int poundTs = events.get(sevenDurations.length).getInt(4);
            assertTrue(sevenTs - lastAudioTs > 0, "the event starts on the stream's timeline, after the audio");
            assertTrue(poundTs - sevenTs >= 800, "the second digit starts after the first ended");

            send(phoneA, TranscodingRelayTest.rtp(0, false, 15, 1_800, 0x1111, new byte[160], 160), towardsA);
            ByteBuffer after = ByteBuffer.wrap(receive(phoneB));
            assertEquals((seq + 1) & 0xFFFF, after.getShort(2) & 0xFFFF, "A's next packet follows the events");
            assertEquals(0, after.get(1) & 0x7F);
            assertNotEquals(0, towardsB);
        }
    }

    @Test
    void aSideWithoutTelephoneEventGetsNoEvents() throws Exception {
        start(DtmfDelivery.SIGNALLING);
        DatagramSocket phoneA = socket("127.0.0.5");
        DatagramSocket phoneB = socket("127.0.0.6");
        try (MediaSession session = session("d2")) {
            session.offer(Side.CALLER, phone(phoneA, 101));
            session.answer(Side.CALLEE, phone(phoneB, -1));
            assertFalse(session.sendDtmf(Side.CALLEE, '1', 100), "B agreed to no telephone-event");
            assertFalse(session.sendDtmf(Side.CALLER, '1', 100), "A's was answered away");
            assertFalse(session.sendDtmf(Side.CALLEE, 'x', 100), "not a digit");
        }
    }

    @Test
    void aPhonesDigitsGoToSignallingOnceEachAndNotToTheBrowser() throws Exception {
        start(DtmfDelivery.SIGNALLING);
        DatagramSocket phone = socket("127.0.0.6");
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = session("d3")) {
            int towardsPhone = port(session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN));
            browser.accept(session.answer(Side.CALLEE, phone(phone, 101)));
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER));
            InetSocketAddress relay = new InetSocketAddress(LOOPBACK, towardsPhone);

            send(phone, TranscodingRelayTest.rtp(0, true, 1, 100, 0xCAFE, new byte[160], 160), relay);
            // digit 9: three updates, then the end packet three times (one report, not three)
            int[] durations = {160, 320, 480, 480, 480, 480};
            for (int i = 0; i < durations.length; i++) {
                send(phone, TranscodingRelayTest.event(101, i == 0, 2 + i, 260, 9, i >= 3, durations[i]), relay);
            }
            // digit 4 whose end packets are all lost, then digit * in full
            send(phone, TranscodingRelayTest.event(101, true, 8, 2_000, 4, false, 160), relay);
            send(phone, TranscodingRelayTest.event(101, false, 9, 2_000, 4, false, 320), relay);
            send(phone, TranscodingRelayTest.event(101, true, 10, 3_000, 10, true, 400), relay);
            send(phone, TranscodingRelayTest.rtp(0, false, 11, 3_400, 0xCAFE, new byte[160], 160), relay);

            assertEquals("CALLEE 9 60", digits.poll(5, TimeUnit.SECONDS));
            assertEquals("CALLEE 4 40", digits.poll(5, TimeUnit.SECONDS), "reported when the next event began");
            assertEquals("CALLEE * 50", digits.poll(5, TimeUnit.SECONDS));
            List<Integer> types = new ArrayList<>();
            for (byte[] p; types.size() < 2 && (p = browser.receive(3000)) != null;) {
                if ((p[1] & 0xFF) < 192 || (p[1] & 0xFF) > 223) {
                    types.add(p[1] & 0x7F);
                }
            }
            assertEquals(List.of(0, 0), types, "the browser gets the audio, not the events");
            assertEquals(null, digits.poll(300, TimeUnit.MILLISECONDS), "nothing reported twice");
        }
    }

    @Test
    void withRfc4733DeliveryThePhonesEventsReachTheBrowserRenumbered() throws Exception {
        start(DtmfDelivery.RFC4733);
        DatagramSocket phone = socket("127.0.0.6");
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = session("d4")) {
            int towardsPhone = port(session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN));
            browser.accept(session.answer(Side.CALLEE, phone(phone, 101)));
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER));
            InetSocketAddress relay = new InetSocketAddress(LOOPBACK, towardsPhone);
            for (int i = 0; i < 3; i++) {
                send(phone, TranscodingRelayTest.event(101, i == 0, 2 + i, 260, 3, i == 2, 160 * (i + 1)), relay);
            }
            int seen = 0;
            for (byte[] p; seen < 3 && (p = browser.receive(3000)) != null;) {
                if ((p[1] & 0x7F) == 126) {
                    assertEquals(3, p[12]);
                    seen++;
                }
            }
            assertEquals(3, seen, "the browser's own event number, 126");
            assertEquals(null, digits.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    /** A phone's SDP: PCMU and, unless {@code eventType} is negative, telephone-event/8000 at that number. */
    private static String phone(DatagramSocket socket, int eventType) {
        String ip = socket.getLocalAddress().getHostAddress();
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\n"
                + "m=audio " + socket.getLocalPort() + " RTP/AVP 0" + (eventType >= 0 ? " " + eventType : "") + "\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + (eventType >= 0 ? "a=rtpmap:" + eventType + " telephone-event/8000\r\na=fmtp:" + eventType + " 0-16\r\n" : "");
    }

    private DatagramSocket socket(String ip) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ip, 0));
        socket.setSoTimeout(3000);
        sockets.add(socket);
        return socket;
    }

    private static int port(String sdp) throws Exception {
        return SdpParser.parse(sdp).media().get(0).port();
    }

    private static void send(DatagramSocket from, byte[] packet, int port) throws IOException {
        send(from, packet, new InetSocketAddress(LOOPBACK, port));
    }

    private static void send(DatagramSocket from, byte[] packet, InetSocketAddress to) throws IOException {
        from.send(new DatagramPacket(packet, packet.length, to));
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing arrived at " + socket.getLocalSocketAddress(), e);
        }
        return java.util.Arrays.copyOf(p.getData(), p.getLength());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in 10 s");
            Thread.sleep(20);
        }
    }
}

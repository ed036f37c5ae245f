package org.opensbc.media.relay;

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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opensbc.media.codec.AudioCodec;
import org.opensbc.media.codec.G711;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.transcode.Transcoder;
import org.opensbc.media.webrtc.BrowserPeer;

/**
 * Transcoding through the real relay: a browser peer (real ICE, DTLS, SRTP) that speaks only
 * Opus and a phone on a plain UDP socket that speaks only PCMU. A 1 kHz tone crosses in both
 * directions and is measured at the far end; telephone events cross with their clocks mapped.
 */
@Timeout(60)
public class TranscodingRelayTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int AMPLITUDE = 8_000;
    private static final int FRAMES = 50;
    private MediaRelay relay;
    private DatagramSocket phone;

    private void start(TranscodingPolicy policy, OpusLoader.Preference opus) throws IOException {
        relay = new MediaRelay(new RelayConfig(LOOPBACK, "127.0.0.1", 33500, 33599, 1, Duration.ZERO, policy, opus,
                DtmfDelivery.RFC4733));
        phone = new DatagramSocket(new InetSocketAddress("127.0.0.6", 0));
        phone.setSoTimeout(3000);
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (phone != null) {
            phone.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = OpusLoader.Preference.class, names = {"NATIVE", "CONCENTUS"})
    void anOpusOnlyBrowserAndAPcmuOnlyPhoneHearEachOther(OpusLoader.Preference implementation) throws Exception {
        start(TranscodingPolicy.PASSTHROUGH, implementation);
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("t1")) {
            MediaDescription toPhone = SdpParser.parse(session.offer(Side.CALLER, browser.offerOpus(false), Profile.PLAIN))
                    .media().get(0);
            assertEquals(List.of("111", "0", "8", "110", "101"), toPhone.formats(), "G.711 and an 8 kHz event added");
            assertTrue(toPhone.attributes("rtpmap").contains("101 telephone-event/8000"));

            MediaDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, phoneAnswer())).media().get(0);
            assertEquals(List.of("111", "110"), toBrowser.formats(), "the browser is answered in its own Opus");
            assertEquals(List.of("111 opus/48000/2", "110 telephone-event/48000"), toBrowser.attributes("rtpmap"));
            assertEquals("111 minptime=10;useinbandfec=1;maxplaybackrate=8000;sprop-maxcapturerate=8000",
                    toBrowser.attribute("fmtp").orElseThrow(), "narrowband asked for: it becomes G.711");
            assertFalse(toBrowser.toString().contains("transport-cc"));

            browser.accept(SdpParser.parse(session.answer(Side.CALLEE, phoneAnswer())).toString());
            assertTrue(browser.awaitSecure(15), "ICE and DTLS complete");
            awaitTrue(() -> session.isSecure(Side.CALLER));
            InetSocketAddress relayForPhone = new InetSocketAddress(LOOPBACK, toPhone.port());
            Opus opus = relay.opus();

            // browser -> phone: Opus 48 kHz in, PCMU out
            try (Opus.Encoder encoder = opus.encoder(48_000, 32_000)) {
                byte[] payload = new byte[Opus.MAX_PACKET_BYTES];
                for (int f = 0; f < FRAMES; f++) {
                    int n = encoder.encode(tone(48_000, f * 960, 960), 960, payload, 0, payload.length);
                    browser.send(rtp(111, f == 0, 100 + f, 5_000 + f * 960, 0xB0B0, payload, n), false);
                }
            }
            short[] heard = new short[FRAMES * 160];
            int[] header = receivePcmu(heard, FRAMES - 1);
            assertEquals(0, header[0], "payload type 0");
            assertToneAt(heard, 8_000, 160 * 10, (FRAMES - 12) * 160);

            // phone -> browser: PCMU in, Opus out at the 48 kHz clock
            byte[] g711 = new byte[160];
            short[] pcm = new short[Opus.MAX_FRAME_SAMPLES];
            for (int f = 0; f < FRAMES; f++) {
                G711.encode(false, tone(8_000, f * 160, 160), 0, 160, g711, 0);
                byte[] packet = rtp(0, f == 0, 7 + f, 900 + f * 160, 0xCAFE, g711, 160);
                phone.send(new DatagramPacket(packet, packet.length, relayForPhone));
            }
            short[] atBrowser = new short[FRAMES * 960];
            int frames = 0;
            int lastTs = 0;
            try (Opus.Decoder decoder = opus.decoder()) {
                for (byte[] p; frames < FRAMES && (p = browser.receive(3000)) != null;) {
                    ByteBuffer b = ByteBuffer.wrap(p);
                    if ((b.get(1) & 0x7F) != 111) {
                        continue;
                    }
                    int ts = b.getInt(4);
                    if (frames > 0) {
                        assertEquals(960, ts - lastTs, "20 ms at the Opus clock");
                    }
                    lastTs = ts;
                    assertEquals(960, decoder.decode(p, 12, p.length - 12, pcm));
                    System.arraycopy(pcm, 0, atBrowser, frames * 960, 960);
                    frames++;
                }
            }
            assertEquals(FRAMES, frames, "every 20 ms frame arrives as Opus");
            assertToneAt(atBrowser, 48_000, 960 * 10, (FRAMES - 10) * 960);
        }
        assertEquals(0, relay.portPairsInUse());
    }

    @Test
    void telephoneEventsCrossWithTheirClocksMapped() throws Exception {
        start(TranscodingPolicy.PASSTHROUGH, OpusLoader.Preference.AUTO);
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("t2")) {
            MediaDescription toPhone = SdpParser.parse(session.offer(Side.CALLER, browser.offerOpus(false), Profile.PLAIN))
                    .media().get(0);
            browser.accept(session.answer(Side.CALLEE, phoneAnswer()));
            assertTrue(browser.awaitSecure(15));
            awaitTrue(() -> session.isSecure(Side.CALLER));

            // digit 5 from the browser: 3 updates of 20 ms at 48 kHz, then 3 end packets
            int[] browserDurations = {960, 1920, 2880, 3840, 3840, 3840};
            for (int i = 0; i < browserDurations.length; i++) {
                browser.send(event(110, i == 0, 40 + i, 777_000, 5, i >= 3, browserDurations[i]), false);
            }
            List<int[]> atPhone = new ArrayList<>();
            while (atPhone.size() < browserDurations.length) {
                DatagramPacket p = receive(phone);
                ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                if ((b.get(1) & 0x7F) == 101) {
                    atPhone.add(new int[] {b.get(1) & 0x80, b.getShort(2) & 0xFFFF, b.getInt(4), b.get(12), b.get(13) & 0x80,
                        b.getShort(14) & 0xFFFF});
                }
            }
            for (int i = 0; i < atPhone.size(); i++) {
                int[] e = atPhone.get(i);
                assertEquals(i == 0 ? 0x80 : 0, e[0], "marker on the first packet of the event only");
                assertEquals(atPhone.get(0)[2], e[2], "one timestamp for the whole event");
                assertEquals(5, e[3], "the digit");
                assertEquals(i >= 3 ? 0x80 : 0, e[4], "end bit");
                assertEquals(browserDurations[i] / 6, e[5], "duration at 8 kHz");
                if (i > 0) {
                    assertEquals(1, (atPhone.get(i)[1] - atPhone.get(i - 1)[1]) & 0xFFFF, "sequence continues");
                }
            }

            // digit 9 from the phone at 8 kHz reaches the browser at 48 kHz
            InetSocketAddress relayForPhone = new InetSocketAddress(LOOPBACK, toPhone.port());
            for (int i = 0; i < 3; i++) {
                byte[] packet = event(101, i == 0, 60 + i, 12_345, 9, i == 2, 160 * (i + 1));
                phone.send(new DatagramPacket(packet, packet.length, relayForPhone));
            }
            int seen = 0;
            for (byte[] p; seen < 3 && (p = browser.receive(3000)) != null;) {
                ByteBuffer b = ByteBuffer.wrap(p);
                if ((b.get(1) & 0x7F) == 110) {
                    assertEquals(9, b.get(12));
                    assertEquals(960 * (seen + 1), b.getShort(14) & 0xFFFF, "duration at 48 kHz");
                    seen++;
                }
            }
            assertEquals(3, seen);
        }
    }

    @Test
    void aSharedCodecPassesThroughUnderThePassthroughPolicy() throws Exception {
        start(TranscodingPolicy.PASSTHROUGH, OpusLoader.Preference.AUTO);
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("t3")) {
            MediaDescription toPhone = SdpParser.parse(session.offer(Side.CALLER, browser.offerOpus(true), Profile.PLAIN))
                    .media().get(0);
            assertEquals(List.of("111", "110", "0", "8", "126"), toPhone.formats(), "only PCMA was missing");
            MediaDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, phoneAnswer())).media().get(0);
            assertEquals(List.of("0"), toBrowser.formats().subList(0, 1), "the browser's own PCMU, not transcoded");
            assertFalse(toBrowser.formats().contains("101"), "the phone's event number is renumbered or dropped");
            assertNull(transcoder(session, Side.CALLER));
        }
    }

    @Test
    void theOpusPolicyGivesTheBrowserOpusEvenWhenItOffersPcmu() throws Exception {
        start(TranscodingPolicy.OPUS, OpusLoader.Preference.AUTO);
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("t4")) {
            session.offer(Side.CALLER, browser.offerOpus(true), Profile.PLAIN);
            MediaDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, phoneAnswer())).media().get(0);
            assertEquals(List.of("111", "110"), toBrowser.formats());
            assertTrue(toBrowser.attribute("fmtp").orElseThrow().endsWith("maxplaybackrate=8000;sprop-maxcapturerate=8000"));
            Transcoder fromBrowser = transcoder(session, Side.CALLER);
            assertNotNull(fromBrowser);
            assertEquals(AudioCodec.OPUS, fromBrowser.plan().from());
            assertEquals(AudioCodec.PCMU, fromBrowser.plan().to());
        }
    }

    @Test
    void aPhoneOfferReachesTheBrowserWithOpusAddedAndIsAnsweredInPcmu() throws Exception {
        start(TranscodingPolicy.OPUS, OpusLoader.Preference.AUTO);
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("t5")) {
            String phoneOffer = phoneAnswer().replace("RTP/AVP 0 101", "RTP/AVP 0 8 101")
                    .replace("a=rtpmap:0 PCMU/8000\r\n", "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n");
            SessionDescription toBrowser = SdpParser.parse(session.offer(Side.CALLER, phoneOffer, Profile.WEBRTC));
            MediaDescription offered = toBrowser.media().get(0);
            assertEquals(List.of("111", "0", "8", "101", "110"), offered.formats(), "Opus first, its 48 kHz event last");
            assertTrue(offered.attributes("fmtp").contains(
                    "111 minptime=10;useinbandfec=1;maxplaybackrate=8000;sprop-maxcapturerate=8000"), offered.toString());
            String browserAnswer = browser.answer(toBrowser.toString(), e -> e.startsWith("opus") || e.endsWith("/48000"));
            MediaDescription toPhone = SdpParser.parse(session.answer(Side.CALLEE, browserAnswer)).media().get(0);
            assertEquals(List.of("0", "101"), toPhone.formats(), "the phone's first G.711 and its event");
            assertEquals(List.of("0 PCMU/8000", "101 telephone-event/8000"), toPhone.attributes("rtpmap"));
            Transcoder fromPhone = transcoder(session, Side.CALLER);
            assertEquals(new Transcoder.Plan(AudioCodec.PCMU, 0, 101, 8_000, AudioCodec.OPUS, 111, 110, 48_000),
                    fromPhone.plan());
        }
    }

    @Test
    void transcodingOffLeavesOffersAsTheyCame() throws Exception {
        start(TranscodingPolicy.OFF, OpusLoader.Preference.AUTO);
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("t6")) {
            MediaDescription toPhone = SdpParser.parse(session.offer(Side.CALLER, browser.offerOpus(false), Profile.PLAIN))
                    .media().get(0);
            assertEquals(List.of("111", "110"), toPhone.formats());
            assertNull(relay.opus(), "no codec library loaded");
        }
    }

    private static Transcoder transcoder(MediaSession session, Side from) {
        return session.transcoderFrom(0, from);
    }

    /** The phone's answer: PCMU and an 8 kHz telephone-event, nothing else. */
    private String phoneAnswer() {
        int port = phone.getLocalPort();
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.6\r\ns=-\r\nc=IN IP4 127.0.0.6\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /** Receives PCMU packets at the phone into {@code pcm} by timestamp; returns {PT, SSRC} of the stream. */
    private int[] receivePcmu(short[] pcm, int atLeast) throws IOException {
        int packets = 0;
        int firstTs = 0;
        int ssrc = 0;
        int pt = -1;
        int lastSeq = -1;
        short[] frame = new short[160];
        try {
            while (packets < FRAMES) {
                DatagramPacket p = receive(phone);
                ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                int seq = b.getShort(2) & 0xFFFF;
                if (packets == 0) {
                    firstTs = b.getInt(4);
                    ssrc = b.getInt(8);
                    pt = b.get(1) & 0x7F;
                    assertEquals(0x80, b.get(1) & 0x80, "a talk spurt starts with the marker bit");
                } else {
                    assertEquals(ssrc, b.getInt(8), "one outgoing stream");
                    assertEquals(1, (seq - lastSeq) & 0xFFFF, "no gap in the sequence");
                }
                lastSeq = seq;
                int offset = b.getInt(4) - firstTs;
                assertEquals(0, offset % 160, "20 ms packets at 8 kHz");
                assertEquals(172, p.getLength(), "160 bytes of PCMU");
                G711.decode(false, p.getData(), 12, 160, frame, 0);
                if (offset / 160 < FRAMES) {
                    System.arraycopy(frame, 0, pcm, offset, 160);
                }
                packets++;
            }
        } catch (java.net.SocketTimeoutException e) {
            // the decimator's and codec's delay can hold back the last frame
        }
        assertTrue(packets >= atLeast, "PCMU packets at the phone: " + packets);
        return new int[] {pt, ssrc};
    }

    private static short[] tone(int rate, int from, int count) {
        short[] pcm = new short[count];
        for (int i = 0; i < count; i++) {
            pcm[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * 1_000 * (from + i) / rate));
        }
        return pcm;
    }

    /** The strongest frequency is 1 kHz (within 10 Hz) and the level within 2 dB of the tone sent. */
    private static void assertToneAt(short[] pcm, int rate, int from, int count) {
        double best = 0;
        double bestPower = -1;
        for (double hz = 200; hz <= 3_400; hz += 10) {
            double p = goertzel(pcm, from, count, hz, rate);
            if (p > bestPower) {
                bestPower = p;
                best = hz;
            }
        }
        assertEquals(1_000, best, 10, "strongest frequency");
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        double levelDb = 20 * Math.log10(Math.sqrt(sum / count) / (AMPLITUDE / Math.sqrt(2)));
        assertTrue(Math.abs(levelDb) < 2, "level off by " + levelDb + " dB");
    }

    private static double goertzel(short[] pcm, int from, int count, double hz, int rate) {
        double c = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + count; i++) {
            double s = pcm[i] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    public static byte[] rtp(int pt, boolean marker, int seq, int ts, int ssrc, byte[] payload, int length) {
        ByteBuffer b = ByteBuffer.allocate(12 + length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt(ts).putInt(ssrc);
        b.put(payload, 0, length);
        return b.array();
    }

    static byte[] event(int pt, boolean marker, int seq, int ts, int digit, boolean end, int duration) {
        byte[] payload = {(byte) digit, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
        return rtp(pt, marker, seq, ts, 0xE0E0, payload, 4);
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return p;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in 10 s");
            Thread.sleep(20);
        }
    }
}

package org.opensbc.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.media.codec.AudioCodec;
import org.opensbc.media.codec.G711;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.path.RtpSink;
import org.opensbc.media.relay.TranscodingRelayTest;

/** One transcoding direction in isolation: timeline, loss, lateness, silence gaps, bad payloads. */
class TranscoderTest {

    private static final Opus OPUS = OpusLoader.load(OpusLoader.Preference.AUTO);
    private static final Transcoder.Plan OPUS_TO_PCMU =
            new Transcoder.Plan(AudioCodec.OPUS, 111, 110, 48_000, AudioCodec.PCMU, 0, 101, 8_000);
    private static final Transcoder.Plan PCMU_TO_PCMA =
            new Transcoder.Plan(AudioCodec.PCMU, 0, -1, 0, AudioCodec.PCMA, 8, -1, 0);

    /** What came out: {marker, pt, seq, ts} per packet. */
    private final List<int[]> sent = new ArrayList<>();
    private final RtpSink capture = new RtpSink() {
        @Override
        public boolean sendRtp(ByteBuffer p) {
            sent.add(new int[] {p.get(1) & 0x80, p.get(1) & 0x7F, p.getShort(2) & 0xFFFF, p.getInt(4), p.remaining()});
            return true;
        }

        @Override
        public boolean sendRtcp(ByteBuffer p) {
            return true;
        }
    };

    @Test
    void aLostOpusPacketIsFilledAndTheOutgoingStreamHasNoGap() {
        try (Transcoder t = new Transcoder(OPUS_TO_PCMU, OPUS, capture); Opus.Encoder encoder = OPUS.encoder(48_000, 32_000)) {
            byte[] payload = new byte[Opus.MAX_PACKET_BYTES];
            for (int f = 0; f < 10; f++) {
                int n = encoder.encode(new short[960], 960, payload, 0, payload.length);
                if (f != 4) { // packet 4 is lost
                    t.sendRtp(ByteBuffer.wrap(TranscodingRelayTest.rtp(111, false, 10 + f, 96_000 + f * 960, 1, payload, n)));
                }
            }
            assertEquals(1, t.concealed());
            assertEquals(10, sent.size(), "the lost 20 ms is sent too");
            for (int i = 1; i < sent.size(); i++) {
                assertEquals(1, (sent.get(i)[2] - sent.get(i - 1)[2]) & 0xFFFF);
                assertEquals(160, sent.get(i)[3] - sent.get(i - 1)[3]);
                assertEquals(0, sent.get(i)[0], "no marker within the talk spurt");
            }
            assertEquals(0x80, sent.get(0)[0], "the stream starts with a marker");
        }
    }

    @Test
    void silenceSuppressionMovesTheTimelineOnAndMarksTheNextSpurt() {
        try (Transcoder t = new Transcoder(PCMU_TO_PCMA, OPUS, capture)) {
            byte[] silence = new byte[160];
            java.util.Arrays.fill(silence, (byte) 0xFF);
            for (int f = 0; f < 3; f++) {
                t.sendRtp(ByteBuffer.wrap(TranscodingRelayTest.rtp(0, f == 0, 100 + f, 8_000 + f * 160, 7, silence, 160)));
            }
            // 1 s of nothing (no loss: the sequence goes on), then speech again
            t.sendRtp(ByteBuffer.wrap(TranscodingRelayTest.rtp(0, true, 103, 8_000 + 3 * 160 + 8_000, 7, silence, 160)));
            assertEquals(4, sent.size());
            assertEquals(8_000 + 160, sent.get(3)[3] - sent.get(2)[3], "the gap is kept");
            assertEquals(0x80, sent.get(3)[0]);
            assertEquals(8, sent.get(3)[1], "PCMA out");
        }
    }

    @Test
    void lateDuplicateAndCorruptPacketsAreCountedAndDropped() {
        try (Transcoder t = new Transcoder(OPUS_TO_PCMU, OPUS, capture); Opus.Encoder encoder = OPUS.encoder(48_000, 32_000)) {
            byte[] payload = new byte[Opus.MAX_PACKET_BYTES];
            int n = encoder.encode(new short[960], 960, payload, 0, payload.length);
            byte[] first = TranscodingRelayTest.rtp(111, false, 50, 0, 1, payload, n);
            byte[] second = TranscodingRelayTest.rtp(111, false, 51, 960, 1, payload, n);
            assertTrue(t.sendRtp(ByteBuffer.wrap(first)));
            assertTrue(t.sendRtp(ByteBuffer.wrap(second)));
            assertFalse(t.sendRtp(ByteBuffer.wrap(second)), "duplicate");
            assertFalse(t.sendRtp(ByteBuffer.wrap(first)), "late");
            assertEquals(2, t.late());
            int seq = 52;
            int ts = 1_920;
            for (int i = 0; i < 10_000; i++, seq++, ts += 960) {
                t.sendRtp(ByteBuffer.wrap(TranscodingRelayTest.rtp(111, false, seq, ts, 1, new byte[] {0x03, 0x00}, 2)));
            }
            assertEquals(10_000, t.corrupt());
            assertFalse(t.sendRtp(ByteBuffer.wrap(TranscodingRelayTest.rtp(13, false, seq++, ts, 1, new byte[1], 1))),
                    "comfort noise is not decoded");
            assertEquals(1, t.otherPayloads());
            assertTrue(t.sendRtp(ByteBuffer.wrap(TranscodingRelayTest.rtp(111, false, seq, ts, 1, payload, n))),
                    "the stream goes on after bad input");
            assertEquals(3, sent.size());
        }
    }

    @Test
    void aClosedTranscoderTakesNothing() {
        Transcoder t = new Transcoder(OPUS_TO_PCMU, OPUS, capture);
        t.close();
        t.close();
        assertFalse(t.sendRtp(ByteBuffer.wrap(TranscodingRelayTest.rtp(111, false, 1, 0, 1, new byte[3], 3))));
    }
}

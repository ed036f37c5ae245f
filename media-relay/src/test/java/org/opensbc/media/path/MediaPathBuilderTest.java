package org.opensbc.media.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.media.codec.AudioCodec;
import org.opensbc.media.dtmf.DtmfTap;
import org.opensbc.media.dtmf.EventFormat;
import org.opensbc.media.relay.TranscodingRelayTest;
import org.opensbc.media.transcode.Transcoder;

/** The stages of one direction as the builder assembles them, without sockets or a loop. */
class MediaPathBuilderTest {

    private static final int[] RATES = new int[128];
    private final FakeEndpoint from = new FakeEndpoint();
    private final FakeEndpoint to = new FakeEndpoint();

    private static byte[] rtp(int pt, int seq, byte[] payload) {
        return rtp(pt, seq, seq * 160, payload);
    }

    private static byte[] rtp(int pt, int seq, int timestamp, byte[] payload) {
        return TranscodingRelayTest.rtp(pt, false, seq, timestamp, 7, payload, payload.length);
    }

    /** RFC 4733 payload: event, end bit and volume, duration. */
    private static byte[] event(int code, boolean end, int duration) {
        return new byte[] {(byte) code, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
    }

    private static byte[] map(int from, int to) {
        byte[] map = new byte[128];
        for (int i = 0; i < map.length; i++) {
            map[i] = (byte) i;
        }
        map[from] = (byte) to;
        return map;
    }

    @Test
    void passedThroughPacketsAreRenumberedToTheReceiversPayloadTypes() {
        MediaPathBuilder.direction(from, to, null, map(126, 101), RATES, null, null);
        assertSame(to, from.peer(), "nothing between the two endpoints: one call per packet, as before");
        assertTrue(from.receive(rtp(126, 1, event(5, false, 160))));
        assertTrue(from.receive(rtp(0, 2, new byte[160])));
        assertEquals(101, to.sentRtp.get(0)[1] & 0x7F);
        assertEquals(0, to.sentRtp.get(1)[1] & 0x7F);
    }

    @Test
    void theDtmfTapTakesOutTheSendersEventsAndReportsEachDigitOnce() {
        List<Integer> digits = new ArrayList<>();
        DtmfTap.DigitListener listener = (code, millis) -> digits.add(code);
        MediaPathBuilder.direction(from, to, null, null, RATES, new EventFormat(101, 8000), listener);
        assertInstanceOf(DtmfTap.class, from.peer());
        from.receive(rtp(0, 1, new byte[160]));
        from.receive(rtp(101, 2, 320, event(7, false, 160)));
        from.receive(rtp(101, 3, 320, event(7, true, 800)));
        from.receive(rtp(101, 4, 320, event(7, true, 800))); // the end is sent three times
        assertEquals(List.of(7), digits);
        assertEquals(1, to.sentRtp.size(), "only the audio reached the other side");
    }

    @Test
    void noTapWhereDigitsStayInRtp() {
        MediaPathBuilder.direction(from, to, null, null, RATES, new EventFormat(101, 8000), null);
        assertSame(to, from.peer());
    }

    @Test
    void aTranscodedDirectionGoesThroughItsTranscoderAndIsNotRenumberedAfterIt() {
        Transcoder.Plan pcmuToPcma = new Transcoder.Plan(AudioCodec.PCMU, 0, -1, 0, AudioCodec.PCMA, 8, -1, 0);
        try (Transcoder transcoder = MediaPathBuilder.transcoder(pcmuToPcma, null, to)) {
            MediaPathBuilder.direction(from, to, transcoder, map(8, 18), RATES, null, null);
            assertSame(transcoder, from.peer());
            from.receive(rtp(0, 1, new byte[160]));
            assertEquals(1, to.sentRtp.size());
            assertEquals(8, to.sentRtp.get(0)[1] & 0x7F, "the transcoder's own number, not remapped");
        }
    }

    @Test
    void anOfferRenumbersWhatPassesThroughWithoutRewiring() {
        MediaPathBuilder.direction(from, to, null, null, RATES, null, null);
        RtpSink wired = from.peer();
        MediaPathBuilder.outgoingRewrite(to, null, map(111, 96), RATES);
        assertSame(wired, from.peer());
        from.receive(rtp(111, 1, new byte[20]));
        assertEquals(96, to.sentRtp.get(0)[1] & 0x7F);
    }
}

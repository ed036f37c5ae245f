package org.opensbc.media.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stream continuity towards one side: unchanged while the source is, seamless when it changes. */
class OutgoingRtpTest {

    private long now = 1_000_000_000L;
    private OutgoingRtp out;

    @BeforeEach
    void setUp() {
        out = new OutgoingRtp(() -> now);
        int[] rates = new int[128];
        rates[0] = 8000;
        rates[111] = 48000;
        out.declare(null, rates);
    }

    /** Sends a packet 20 ms after the previous one; returns it as it leaves. */
    private ByteBuffer send(int pt, int seq, int ts, int ssrc) {
        now += 20_000_000L;
        ByteBuffer packet = ByteBuffer.wrap(rtp(pt, seq, ts, ssrc));
        out.rtp(packet);
        return packet;
    }

    @Test
    void aSteadySourceLeavesByteForByte() {
        for (int i = 0; i < 100; i++) {
            byte[] in = rtp(0, 65500 + i, 160 * i, 0xAAAA); // wraps through 65535
            ByteBuffer packet = ByteBuffer.wrap(in.clone());
            now += 20_000_000L;
            out.rtp(packet);
            assertArrayEquals(in, packet.array());
        }
        // loss and reordering are the receiver's business: still untouched
        assertEquals(70, seq(send(0, 70, 160 * 200, 0xAAAA)));
        assertEquals(65, seq(send(0, 65, 160 * 195, 0xAAAA)));
    }

    @Test
    void aNewSsrcContinuesTheStreamWithTheFirstSsrc() {
        ByteBuffer last = null;
        for (int i = 0; i < 10; i++) {
            last = send(0, 1000 + i, 5000 + 160 * i, 0x1111);
        }
        assertEquals(1009, seq(last));
        now += 980_000_000L; // one second of silence (hold), then music on hold from a new source
        ByteBuffer moh = send(0, 42, 777, 0x2222);
        assertEquals(0x1111, ssrc(moh), "the browser keeps seeing one stream");
        assertEquals(1010, seq(moh), "the next sequence number");
        assertEquals(5000 + 160 * 9 + 8000, ts(moh), "timestamps advance by the second that passed");
        assertTrue(marker(moh), "a new talk spurt");
        ByteBuffer next = send(0, 43, 937, 0x2222);
        assertEquals(1011, seq(next));
        assertEquals(5000 + 160 * 9 + 8000 + 160, ts(next));
        assertFalse(marker(next));
    }

    @Test
    void aSequenceRestartOnTheSameSsrcContinues() {
        for (int i = 0; i < 10; i++) {
            send(111, 30000 + i, 960 * i, 0x5555);
        }
        ByteBuffer restarted = send(111, 1, 0, 0x5555); // a phone that restarts its RTP after a re-INVITE
        assertEquals(30010, seq(restarted));
        assertEquals(960 * 9 + 960, ts(restarted), "20 ms at Opus's 48 kHz clock");
        assertEquals(30011, seq(send(111, 2, 960, 0x5555)));
    }

    @Test
    void senderReportsOfTheNewSourceCarryTheStreamsSsrcAndTimeline() {
        send(0, 100, 1000, 0x1111);
        ByteBuffer moh = send(0, 9, 50, 0x2222);
        int offset = ts(moh) - 50;
        ByteBuffer report = ByteBuffer.allocate(28 + 12);
        report.put(0, (byte) 0x80).put(1, (byte) 200).putShort(2, (short) 6).putInt(4, 0x2222).putInt(16, 400);
        report.put(28, (byte) 0x81).put(29, (byte) 202).putShort(30, (short) 2).putInt(32, 0x2222);
        out.rtcp(report);
        assertEquals(0x1111, report.getInt(4));
        assertEquals(400 + offset, report.getInt(16));
        assertEquals(0x1111, report.getInt(32), "the SDES chunk too");
    }

    static byte[] rtp(int pt, int seq, int ts, int ssrc) {
        return ByteBuffer.allocate(12 + 160).put(0, (byte) 0x80).put(1, (byte) pt).putShort(2, (short) seq)
                .putInt(4, ts).putInt(8, ssrc).array();
    }

    private static int seq(ByteBuffer p) {
        return p.getShort(2) & 0xFFFF;
    }

    private static int ts(ByteBuffer p) {
        return p.getInt(4);
    }

    private static int ssrc(ByteBuffer p) {
        return p.getInt(8);
    }

    private static boolean marker(ByteBuffer p) {
        return (p.get(1) & 0x80) != 0;
    }
}

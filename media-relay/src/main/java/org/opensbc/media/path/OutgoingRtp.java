package org.opensbc.media.path;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;
import org.opensbc.media.session.PayloadTypes;

/**
 * What happens to RTP and RTCP on their way out to one side of one line: payload types become
 * the numbers that side declared, and the side sees one continuous stream for the whole call.
 *
 * <p>Continuity: the stream keeps the SSRC of the first packet relayed. When the other side's
 * source changes (a new SSRC after a re-INVITE, music on hold, a transfer) or restarts its
 * sequence numbers, packets go on from the last sequence number sent, their timestamps advanced
 * by the time that passed, with the marker bit set. A browser would otherwise drop them: SRTP's
 * replay check rejects a reused sequence number, and a jitter buffer stalls on a jump. While the
 * source does not change, packets leave byte for byte as they came (the common case).
 *
 * <p>Thread confinement: {@link #rtp}/{@link #rtcp} run on the relay loop; {@link #declare} is
 * called from signalling threads, hence the volatile fields it writes.
 */
public final class OutgoingRtp {

    /** RFC 3550 appendix A.1: further ahead than this, or further back than the next, is a new source. */
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int DEFAULT_CLOCK = 8000;

    private volatile byte[] payloadMap;
    private static final int[] UNKNOWN_RATES = new int[128];

    private volatile int[] clockRates = UNKNOWN_RATES;
    private final LongSupplier clock;

    // loop-confined stream state
    private boolean started;
    private int outSsrc;
    private int inSsrc;
    private int lastInSeq;
    private int seqOffset;
    private int tsOffset;
    private int lastOutSeq;
    private int lastOutTs;
    private long lastOutNanos;

    OutgoingRtp() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds, monotonic (tests pass their own) */
    OutgoingRtp(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * The side declared its payload types: {@code map} renumbers what the other side sends (null:
     * no renumbering), {@code rates} gives the clock rate of each of this side's numbers (0: unknown).
     */
    void declare(byte[] map, int[] rates) {
        payloadMap = map;
        clockRates = rates;
    }

    /** Rewrites the RTP packet at the buffer's position in place. */
    void rtp(ByteBuffer packet) {
        int start = packet.position();
        byte[] map = payloadMap;
        if (map != null) {
            PayloadTypes.apply(map, packet);
        }
        int ssrc = packet.getInt(start + 8);
        int seq = packet.getShort(start + 2) & 0xFFFF;
        int ts = packet.getInt(start + 4);
        long now = clock.getAsLong();
        if (!started) {
            started = true;
            outSsrc = ssrc;
            inSsrc = ssrc;
        } else if (ssrc != inSsrc || isJump(seq)) {
            continueFrom(ssrc, seq, ts, now, RtpHeader.payloadType(packet));
            packet.put(start + 1, (byte) (packet.get(start + 1) | 0x80));
        }
        lastInSeq = seq;
        int outSeq = (seq + seqOffset) & 0xFFFF;
        int outTs = ts + tsOffset;
        if (outSsrc != ssrc || seqOffset != 0 || tsOffset != 0) {
            packet.putInt(start + 8, outSsrc);
            packet.putShort(start + 2, (short) outSeq);
            packet.putInt(start + 4, outTs);
        }
        if (((outSeq - lastOutSeq) & 0xFFFF) < 0x8000 || lastOutNanos == 0) {
            lastOutSeq = outSeq;
            lastOutTs = outTs;
            lastOutNanos = now;
        }
    }

    /**
     * A packet the relay makes itself (a telephone event) joins the stream this side sees: it
     * gets the stream's SSRC and next sequence number, and the source's later packets continue
     * after it. Before anything was relayed, it starts the stream (the source's first packet
     * then continues from it, as a new source would).
     *
     * @param packet RTP at the buffer's position, payload type and timestamp already set
     *               (see {@link #timestampNow})
     */
    void inject(ByteBuffer packet) {
        if (!started) {
            startOwnStream();
        }
        int start = packet.position();
        int seq = (lastOutSeq + 1) & 0xFFFF;
        packet.putInt(start + 8, outSsrc);
        packet.putShort(start + 2, (short) seq);
        lastOutSeq = seq;
        seqOffset = (seqOffset + 1) & 0xFFFF;
    }

    /** The timestamp, at {@code clockRate}, of a packet sent now on this stream's timeline. */
    public int timestampNow(int clockRate) {
        if (!started) {
            startOwnStream();
        }
        long elapsed = clock.getAsLong() - lastOutNanos;
        return lastOutTs + (int) Math.min((long) clockRate * elapsed / 1_000_000_000L, Integer.MAX_VALUE / 2);
    }

    /** RFC 3550 section 5.1: random SSRC, first sequence number and timestamp. */
    private void startOwnStream() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        started = true;
        outSsrc = random.nextInt();
        inSsrc = ~outSsrc; // no source yet: the first relayed packet is a new source
        lastOutSeq = random.nextInt(0x10000);
        lastOutTs = random.nextInt();
        lastOutNanos = clock.getAsLong();
    }

    private boolean isJump(int seq) {
        int ahead = (seq - lastInSeq) & 0xFFFF;
        return ahead >= MAX_DROPOUT && ahead <= 0x10000 - MAX_MISORDER;
    }

    /** A new source: its first packet follows the last one sent, as far ahead in time as it arrived. */
    private void continueFrom(int ssrc, int seq, int ts, long now, int payloadType) {
        inSsrc = ssrc;
        int rate = clockRates[payloadType];
        long hz = rate > 0 ? rate : DEFAULT_CLOCK;
        long elapsed = Math.max(now - lastOutNanos, 20_000_000L); // at least one 20 ms frame
        int advance = (int) Math.min(hz * elapsed / 1_000_000_000L, Integer.MAX_VALUE / 2);
        seqOffset = ((lastOutSeq + 1) - seq) & 0xFFFF;
        tsOffset = (lastOutTs + advance) - ts;
    }

    /**
     * Rewrites the RTCP compound packet at the buffer's position in place: the source's reports
     * carry the stream's SSRC, and a sender report's RTP timestamp the stream's timeline.
     */
    void rtcp(ByteBuffer packet) {
        if (!started || (outSsrc == inSsrc && tsOffset == 0)) {
            return;
        }
        int at = packet.position();
        int end = packet.limit();
        while (at + 8 <= end) {
            int type = packet.get(at + 1) & 0xFF;
            int length = ((packet.getShort(at + 2) & 0xFFFF) + 1) * 4;
            if (at + length > end) {
                return;
            }
            if (type >= 200 && type <= 203 && packet.getInt(at + 4) == inSsrc) {
                packet.putInt(at + 4, outSsrc);
                if (type == 200 && length >= 20) {
                    packet.putInt(at + 16, packet.getInt(at + 16) + tsOffset);
                }
            }
            at += length;
        }
    }
}

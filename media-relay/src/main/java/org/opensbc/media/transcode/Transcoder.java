package org.opensbc.media.transcode;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.opensbc.media.codec.AudioCodec;
import org.opensbc.media.codec.AudioDecoder;
import org.opensbc.media.codec.AudioEncoder;
import org.opensbc.media.codec.Decimator;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.path.RtpHeader;
import org.opensbc.media.path.RtpSink;

/**
 * One direction of a transcoded line: RTP in one audio encoding goes out in another, as a new
 * stream of the relay's own (fresh SSRC, sequence numbers and timestamps, RFC 3550 section 5.1)
 * in 20 ms packets. The pivot is 8 kHz PCM: decode (libopus straight to 8 kHz; Concentus at 48
 * kHz, then decimated), re-frame to 20 ms, encode. Telephone events (RFC 4733) ride in the same outgoing stream with their
 * durations rescaled to the other side's clock. RTCP ends here: the reports describe a stream
 * the other side never sees.
 *
 * <p>Loss: a gap in the sequence numbers of up to {@link #MAX_CONCEALED_MS} ms is filled by the
 * decoder (the lost frame from the next packet's Opus FEC, earlier ones by concealment); a
 * longer gap, or a timestamp jump without loss (silence suppression, DTX, a new source), moves
 * the outgoing timeline on by the same time and sets the marker bit (a new talk spurt). Late
 * packets are dropped: the relay keeps no jitter buffer.
 *
 * <p>Thread confinement: packets arrive on the relay loop; {@link #close()} may come from a
 * signalling thread, so both hold the monitor (uncontended: one CAS per packet, beside ~50 us
 * of codec work). Nothing is allocated per packet.
 */
public final class Transcoder implements RtpSink, AutoCloseable {

    static final int MAX_CONCEALED_MS = 60;
    private static final int PIVOT_RATE = 8_000;
    private static final int FRAME = PIVOT_RATE / 50; // 20 ms at 8 kHz
    private static final int MAX_OUT = 1_500;

    /** Where one direction's encodings and payload types come from: the SDP of each side. */
    public record Plan(AudioCodec from, int fromPayloadType, int fromEventPayloadType, int fromEventClock,
            AudioCodec to, int toPayloadType, int toEventPayloadType, int toEventClock) {
    }

    private final Plan plan;
    private final RtpSink next;
    private final AudioDecoder decoder;
    private final AudioEncoder encoder;
    private final Decimator decimator;
    /** Input RTP clock ticks per decoded sample: 6 for Opus decoded at 8 kHz, else 1. */
    private final int ticksPerSample;
    private final int maxConcealedTicks;
    private final int outTicksPerFrame;

    private final byte[] payloadIn = new byte[MAX_OUT];
    private final short[] decoded = new short[Opus.MAX_FRAME_SAMPLES];
    /** 8 kHz samples waiting to make a 20 ms frame (at most one frame plus one 120 ms packet). */
    private final short[] pending = new short[FRAME + Opus.MAX_FRAME_SAMPLES / Decimator.FACTOR];
    private final byte[] out = new byte[MAX_OUT];
    private final ByteBuffer outBuffer = ByteBuffer.wrap(out);

    // guarded by this
    private boolean closed;
    private boolean started;
    private int inSsrc;
    private int lastInSeq;
    /** The input timestamp the next packet should carry when nothing is lost. */
    private int expectedInTs;
    /** The input time of the first sample in {@code pending}. */
    private int frameStartInTs;
    private int pendingSamples;
    private final int outSsrc;
    private int outSeq;
    /** The timestamp of the frame being built. */
    private int outTs;
    private boolean marker = true;
    private int eventInTs;
    private int eventOutTs;
    private boolean eventStarted;

    // counters, guarded by this
    private long framesOut;
    private long concealed;
    private long corrupt;
    private long late;
    private long otherPayloads;

    /** The codecs come from {@code opus} (or G.711); {@link #close()} frees them. */
    public Transcoder(Plan plan, Opus opus, RtpSink next) {
        this.plan = plan;
        this.next = next;
        this.decoder = plan.from().newDecoder(opus);
        AudioEncoder made;
        try {
            made = plan.to().newEncoder(opus);
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
        this.encoder = made;
        this.decimator = decoder.sampleRate() == PIVOT_RATE ? null : new Decimator();
        this.ticksPerSample = Math.max(1, plan.from().clockRate() / decoder.sampleRate());
        this.maxConcealedTicks = plan.from().clockRate() / 1000 * MAX_CONCEALED_MS;
        this.outTicksPerFrame = plan.to().clockRate() / 50;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.outSsrc = random.nextInt();
        this.outSeq = random.nextInt(0x10000);
        this.outTs = random.nextInt();
    }

    public Plan plan() {
        return plan;
    }

    @Override
    public synchronized boolean sendRtp(ByteBuffer packet) {
        if (closed) {
            return false;
        }
        int start = packet.position();
        int length = packet.remaining();
        int first = packet.get(start);
        int header = RtpHeader.MIN_RTP + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            header += 4 + 4 * (packet.getShort(start + header + 2) & 0xFFFF);
        }
        int padding = (first & 0x20) != 0 ? packet.get(start + length - 1) & 0xFF : 0;
        int payloadLength = length - header - padding;
        if (payloadLength <= 0 || payloadLength > payloadIn.length) {
            corrupt++;
            return false;
        }
        int pt = packet.get(start + 1) & 0x7F;
        int seq = packet.getShort(start + 2) & 0xFFFF;
        int ts = packet.getInt(start + 4);
        int ssrc = packet.getInt(start + 8);
        packet.get(start + header, payloadIn, 0, payloadLength);
        if (pt == plan.fromPayloadType()) {
            return audio(seq, ts, ssrc, payloadLength);
        }
        if (pt == plan.fromEventPayloadType()) {
            return event(ts, payloadLength);
        }
        otherPayloads++; // comfort noise, or a codec that was not negotiated for this direction
        return false;
    }

    private boolean audio(int seq, int ts, int ssrc, int length) {
        if (!started || ssrc != inSsrc) {
            restart(ssrc, ts);
        } else {
            int ahead = (seq - lastInSeq) & 0xFFFF;
            int gap = ts - expectedInTs;
            if (ahead == 0 || ahead >= 0x8000 || gap < 0) {
                late++; // reordered or duplicated: too late without a jitter buffer
                return false;
            }
            if (gap > 0) {
                if (ahead > 1 && gap <= maxConcealedTicks) {
                    recover(gap, length);
                } else {
                    skip(ts);
                }
            }
        }
        lastInSeq = seq;
        int samples = decoder.decode(payloadIn, 0, length, decoded);
        if (samples <= 0) {
            corrupt++;
            return false;
        }
        expectedInTs = ts + samples * ticksPerSample;
        feed(samples);
        return true;
    }

    /** The first packet, or a new source whose timestamps bear no relation to the last one's. */
    private void restart(int ssrc, int ts) {
        if (started && pendingSamples > 0) {
            outTs += outTicksPerFrame; // the partial frame's time is not reused
        }
        frameStartInTs = ts;
        pendingSamples = 0;
        started = true;
        inSsrc = ssrc;
        expectedInTs = ts;
        marker = true;
    }

    /** Fills {@code gap} input ticks lost before the packet in {@code payloadIn}. */
    private void recover(int gap, int length) {
        int frame = Math.min(gap, plan.from().clockRate() / 50);
        int before = gap - frame;
        if (before > 0) {
            int n = decoder.conceal(decoded, before / ticksPerSample);
            if (n > 0) {
                feed(n);
            }
        }
        int n = decoder.decodeFec(payloadIn, 0, length, decoded, frame / ticksPerSample);
        if (n > 0) {
            feed(n);
        }
        concealed++;
    }

    /** Nothing was lost but time passed (or too much was lost): the outgoing timeline follows. */
    private void skip(int ts) {
        long inTicks = (ts - frameStartInTs) & 0xFFFFFFFFL;
        outTs += (int) (inTicks * plan.to().clockRate() / plan.from().clockRate());
        frameStartInTs = ts;
        pendingSamples = 0;
        marker = true;
    }

    /** Takes {@code count} decoded samples, emitting each 20 ms frame as it fills. */
    private void feed(int count) {
        if (decimator != null) {
            pendingSamples += decimator.process(decoded, count, pending, pendingSamples);
        } else {
            System.arraycopy(decoded, 0, pending, pendingSamples, count);
            pendingSamples += count;
        }
        while (pendingSamples >= FRAME) {
            emitFrame();
            pendingSamples -= FRAME;
            System.arraycopy(pending, FRAME, pending, 0, pendingSamples); // usually nothing is left
        }
    }

    /** Encodes the first 20 ms of {@code pending} as the next packet of the outgoing stream. */
    private void emitFrame() {
        int length = encoder.encode(pending, FRAME, out, RtpHeader.MIN_RTP, MAX_OUT - RtpHeader.MIN_RTP);
        frameStartInTs += plan.from().clockRate() / 50;
        if (length > 0) {
            send(plan.toPayloadType(), marker, outTs, length);
            marker = false;
            framesOut++;
        }
        outTs += outTicksPerFrame;
    }

    /**
     * RFC 4733: an event keeps the timestamp of its start; each packet's duration counts from
     * there. The event starts at the frame being built, in the outgoing stream's clock.
     */
    private boolean event(int ts, int length) {
        if (plan.toEventPayloadType() < 0 || length < 4) {
            otherPayloads++;
            return false;
        }
        boolean first = !eventStarted || ts != eventInTs;
        if (first) {
            eventStarted = true;
            eventInTs = ts;
            eventOutTs = outTs;
        }
        int duration = ((payloadIn[2] & 0xFF) << 8) | (payloadIn[3] & 0xFF);
        long scaled = (long) duration * plan.toEventClock() / Math.max(1, plan.fromEventClock());
        int outDuration = (int) Math.min(0xFFFF, scaled);
        out[RtpHeader.MIN_RTP] = payloadIn[0];
        out[RtpHeader.MIN_RTP + 1] = payloadIn[1];
        out[RtpHeader.MIN_RTP + 2] = (byte) (outDuration >> 8);
        out[RtpHeader.MIN_RTP + 3] = (byte) outDuration;
        send(plan.toEventPayloadType(), first, eventOutTs, 4);
        return true;
    }

    private void send(int payloadType, boolean mark, int ts, int payloadLength) {
        out[0] = (byte) 0x80;
        out[1] = (byte) ((mark ? 0x80 : 0) | payloadType);
        out[2] = (byte) (outSeq >> 8);
        out[3] = (byte) outSeq;
        outBuffer.putInt(4, ts);
        outBuffer.putInt(8, outSsrc);
        outSeq = (outSeq + 1) & 0xFFFF;
        outBuffer.limit(RtpHeader.MIN_RTP + payloadLength).position(0);
        next.sendRtp(outBuffer);
    }

    /** The other side's reports are about a stream this one replaced: RTCP is terminated here. */
    @Override
    public boolean sendRtcp(ByteBuffer packet) {
        return false;
    }

    synchronized long framesOut() {
        return framesOut;
    }

    synchronized long concealed() {
        return concealed;
    }

    synchronized long corrupt() {
        return corrupt;
    }

    synchronized long late() {
        return late;
    }

    synchronized long otherPayloads() {
        return otherPayloads;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            decoder.close();
            encoder.close();
        }
    }
}

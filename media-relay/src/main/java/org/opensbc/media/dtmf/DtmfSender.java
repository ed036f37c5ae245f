package org.opensbc.media.dtmf;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.opensbc.media.path.MediaEndpoint;
import org.opensbc.media.path.OutgoingRtp;
import org.opensbc.media.path.RelayLoop;
import org.opensbc.media.path.RtpHeader;

/**
 * Plays DTMF digits that came by signalling (SIP INFO) to one side as RFC 4733 events in its
 * RTP: one packet every 20 ms whose duration grows from the event's start, then the end packet
 * three times (RFC 4733 section 2.5.1.4), all with the event's start timestamp on the stream's
 * own timeline. Digits queue and play one after another with a pause between them, as a keypad
 * would. The packets join the stream the side already receives ({@link OutgoingRtp#inject}).
 *
 * <p>Thread confinement: {@link #play} may be called from any thread and hands the digit to the
 * relay loop; everything else runs on the loop.
 */
public final class DtmfSender {

    static final long PACKET_NANOS = 20_000_000L;
    /** Silence between two queued digits (RFC 4733 asks for distinct events; keypads leave ~40 ms+). */
    static final long PAUSE_NANOS = 60_000_000L;
    static final int MIN_MILLIS = 40;
    static final int MAX_MILLIS = 5_000;
    private static final int END_PACKETS = 3;

    /** One digit to play: the event code, its length, and the payload type and clock to use. */
    public record Digit(int code, int millis, int payloadType, int clockRate) {
    }

    private final RelayLoop loop;
    private final MediaEndpoint endpoint;
    private final ByteBuffer packet = ByteBuffer.allocate(RtpHeader.MIN_RTP + TelephoneEvent.PAYLOAD_LENGTH);

    // loop-confined
    private final ArrayDeque<Digit> queue = new ArrayDeque<>();
    private Digit current;
    private int timestamp;
    private int totalTicks;
    private int step;
    private int endsSent;
    private volatile long sent;
    private volatile boolean closed;

    public DtmfSender(RelayLoop loop, MediaEndpoint endpoint) {
        this.loop = loop;
        this.endpoint = endpoint;
    }

    /** Queues a digit; it starts now if nothing is playing. */
    public void play(Digit digit) {
        loop.schedule(0, () -> {
            queue.add(digit);
            if (current == null) {
                next();
            }
        });
    }

    private void next() {
        current = closed ? null : queue.poll();
        if (current == null) {
            return;
        }
        int millis = Math.max(MIN_MILLIS, Math.min(MAX_MILLIS, current.millis()));
        totalTicks = (int) Math.min(0xFFFF, (long) millis * current.clockRate() / 1000);
        timestamp = endpoint.outgoing().timestampNow(current.clockRate());
        step = 0;
        endsSent = 0;
        tick();
    }

    private void tick() {
        if (closed) {
            return;
        }
        int packetTicks = (int) (current.clockRate() * PACKET_NANOS / 1_000_000_000L);
        int duration = (int) Math.min(totalTicks, (long) (step + 1) * packetTicks);
        boolean end = duration >= totalTicks;
        send(step == 0, end, duration);
        step++;
        if (end && ++endsSent == END_PACKETS) {
            loop.schedule(PAUSE_NANOS, this::next);
        } else {
            loop.schedule(PACKET_NANOS, this::tick);
        }
    }

    private void send(boolean marker, boolean end, int duration) {
        packet.clear();
        packet.put(0, (byte) 0x80);
        packet.put(1, (byte) ((marker ? 0x80 : 0) | current.payloadType()));
        packet.putInt(4, timestamp);
        TelephoneEvent.write(packet, RtpHeader.MIN_RTP, current.code(), end, duration);
        if (endpoint.sendOwnRtp(packet)) {
            sent++;
        }
    }

    /** Event packets sent so far (loop-confined; tests read it after the loop is idle). */
    long sent() {
        return sent;
    }

    /** Stops playing; queued digits are dropped. */
    public void close() {
        closed = true;
    }
}

package org.opensbc.media.dtmf;

import java.nio.ByteBuffer;
import org.opensbc.media.path.RtpHeader;
import org.opensbc.media.path.RtpSink;

/**
 * Takes a side's RFC 4733 telephone events out of what it sends and reports each digit once,
 * when its end packet arrives, so that signalling can carry it instead (SIP INFO towards a
 * browser). Everything else goes on to {@code next} untouched. An event whose end packets were
 * all lost is reported when the next event starts.
 *
 * <p>Thread confinement: runs on the relay loop; the listener is called there and must hand the
 * digit off (see {@link SignalledDigits}).
 */
public final class DtmfTap implements RtpSink {

    /** Receives a digit: its event code and its duration in milliseconds. */
    public interface DigitListener {
        void onDigit(int code, int millis);
    }

    private final RtpSink next;
    private final int payloadType;
    private final int clockRate;
    private final DigitListener listener;

    // loop-confined
    private boolean seen;
    private boolean reported;
    private int eventTimestamp;
    private int lastCode;
    private int lastDuration;

    public DtmfTap(RtpSink next, int payloadType, int clockRate, DigitListener listener) {
        this.next = next;
        this.payloadType = payloadType;
        this.clockRate = clockRate;
        this.listener = listener;
    }

    @Override
    public boolean sendRtp(ByteBuffer packet) {
        if (RtpHeader.payloadType(packet) != payloadType) {
            return next.sendRtp(packet);
        }
        int header = TelephoneEvent.headerLength(packet);
        if (packet.remaining() < header + TelephoneEvent.PAYLOAD_LENGTH) {
            return false; // too short to be an event: dropped, as a malformed packet
        }
        int timestamp = packet.getInt(packet.position() + 4);
        if (!seen || timestamp != eventTimestamp) {
            if (seen && !reported) {
                report(lastCode, lastDuration);
            }
            seen = true;
            reported = false;
            eventTimestamp = timestamp;
        }
        lastCode = TelephoneEvent.event(packet, header);
        lastDuration = TelephoneEvent.duration(packet, header);
        if (TelephoneEvent.isEnd(packet, header) && !reported) {
            report(lastCode, lastDuration);
        }
        return true;
    }

    private void report(int code, int duration) {
        reported = true;
        listener.onDigit(code, (int) ((long) duration * 1000 / Math.max(1, clockRate)));
    }

    @Override
    public boolean sendRtcp(ByteBuffer packet) {
        return next.sendRtcp(packet);
    }
}

package org.opensbc.media.dtmf;

import java.nio.ByteBuffer;
import org.opensbc.media.path.RtpHeader;

/**
 * RFC 4733 telephone events (DTMF digits) in RTP: the 4-byte payload (event, end bit and volume,
 * duration in clock ticks) and the digit each event code stands for. Static accessors over a
 * packet at the buffer's position, like {@link RtpHeader}; nothing is allocated.
 */
public final class TelephoneEvent {

    /** Events 0-15 (RFC 4733 section 3.2): digits, star, pound, A-D. */
    private static final String DIGITS = "0123456789*#ABCD";
    /** RFC 4733 section 2.5.2.2: -10 dBm0, what phones send for a keypress. */
    static final int VOLUME = 10;
    static final int PAYLOAD_LENGTH = 4;

    private TelephoneEvent() {
    }

    /** The event code of a DTMF digit (0-9, *, #, A-D, case-insensitive), or -1. */
    public static int code(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    /** The digit of an event code, or 0 for an event that is not a DTMF digit (flash, tones). */
    public static char digit(int code) {
        return code >= 0 && code < DIGITS.length() ? DIGITS.charAt(code) : 0;
    }

    /** The event code of the RTP packet at the buffer's position, whose header is {@code header} bytes. */
    static int event(ByteBuffer packet, int header) {
        return packet.get(packet.position() + header) & 0xFF;
    }

    static boolean isEnd(ByteBuffer packet, int header) {
        return (packet.get(packet.position() + header + 1) & 0x80) != 0;
    }

    static int duration(ByteBuffer packet, int header) {
        return packet.getShort(packet.position() + header + 2) & 0xFFFF;
    }

    /** Writes an event payload at {@code at}. */
    static void write(ByteBuffer packet, int at, int code, boolean end, int duration) {
        packet.put(at, (byte) code);
        packet.put(at + 1, (byte) ((end ? 0x80 : 0) | VOLUME));
        packet.putShort(at + 2, (short) duration);
    }

    /** The RTP header length of the packet at the buffer's position (CSRCs and extension included). */
    static int headerLength(ByteBuffer packet) {
        int start = packet.position();
        int first = packet.get(start);
        int header = RtpHeader.MIN_RTP + 4 * (first & 0x0F);
        if ((first & 0x10) != 0 && packet.remaining() >= header + 4) {
            header += 4 + 4 * (packet.getShort(start + header + 2) & 0xFFFF);
        }
        return header;
    }
}

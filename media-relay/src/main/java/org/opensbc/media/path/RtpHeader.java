package org.opensbc.media.path;

import java.nio.ByteBuffer;

/**
 * Static accessors over an RTP or RTCP packet in a buffer (RFC 3550 section 5.1), from the
 * buffer's position to its limit. Nothing is copied or allocated.
 */
public final class RtpHeader {

    public static final int MIN_RTP = 12;
    public static final int MIN_RTCP = 8;

    private RtpHeader() {
    }

    /** Version 2, long enough for its fixed header, CSRCs and extension header. */
    public static boolean isValidRtp(ByteBuffer packet) {
        int start = packet.position();
        int length = packet.remaining();
        if (length < MIN_RTP || (packet.get(start) & 0xC0) != 0x80 || isRtcp(packet)) {
            return false;
        }
        int header = MIN_RTP + 4 * (packet.get(start) & 0x0F);
        if ((packet.get(start) & 0x10) != 0) {
            if (length < header + 4) {
                return false;
            }
            header += 4 + 4 * (packet.getShort(start + header + 2) & 0xFFFF);
        }
        return length >= header;
    }

    /** Version 2 and an RTCP packet type (RFC 5761 section 4: 200-206 and the 192/193 of old). */
    public static boolean isValidRtcp(ByteBuffer packet) {
        return packet.remaining() >= MIN_RTCP && (packet.get(packet.position()) & 0xC0) == 0x80 && isRtcp(packet);
    }

    private static boolean isRtcp(ByteBuffer packet) {
        int type = packet.get(packet.position() + 1) & 0xFF;
        return type >= 192 && type <= 223;
    }

    public static int payloadType(ByteBuffer packet) {
        return packet.get(packet.position() + 1) & 0x7F;
    }

    public static int sequence(ByteBuffer packet) {
        return packet.getShort(packet.position() + 2) & 0xFFFF;
    }

    public static long ssrc(ByteBuffer packet) {
        return packet.getInt(packet.position() + 8) & 0xFFFFFFFFL;
    }
}

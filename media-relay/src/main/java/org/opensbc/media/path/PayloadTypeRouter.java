package org.opensbc.media.path;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.opensbc.media.SsrcTable;

/**
 * Payload-type routing on a browser's bundled port: which m= line a decrypted packet belongs
 * to. RTP by its payload type (browsers number codecs uniquely across the lines of a bundle);
 * RTCP by the sender SSRC seen on that line's RTP, else the first line (audio).
 *
 * <p>Thread confinement: lines and routes change under the monitor from signalling threads and
 * are published to the loop as a new array; {@link #lineOf} runs on the relay loop and keeps the
 * SSRC table, which only it touches.
 */
final class PayloadTypeRouter {

    /** By payload type; replaced, never written in place, so the loop reads it without a lock. */
    private volatile WebRtcEndpoint[] byPayloadType = new WebRtcEndpoint[128];
    /** The bundle's lines in the order they were made (guarded by this). */
    private final List<WebRtcEndpoint> lines = new ArrayList<>();
    /** Loop-confined: which line each RTP sender SSRC belongs to. */
    private final SsrcTable<WebRtcEndpoint> bySsrc = new SsrcTable<>(16);

    synchronized void add(WebRtcEndpoint line) {
        lines.add(line);
    }

    /** Packets with these payload types ("0", "111"; anything else is ignored) belong to {@code line}. */
    synchronized void route(Collection<String> payloadTypes, WebRtcEndpoint line) {
        WebRtcEndpoint[] table = byPayloadType.clone();
        for (String pt : payloadTypes) {
            try {
                int type = Integer.parseInt(pt.trim());
                if (type >= 0 && type < 128) {
                    table[type] = line;
                }
            } catch (NumberFormatException e) {
                // not an RTP payload type: nothing to route
            }
        }
        byPayloadType = table;
    }

    /** The line is gone (rejected, or its peer replaced): nothing routes to it any more. */
    synchronized void forget(WebRtcEndpoint line) {
        lines.remove(line);
        WebRtcEndpoint[] table = byPayloadType.clone();
        for (int i = 0; i < table.length; i++) {
            if (table[i] == line) {
                table[i] = null;
            }
        }
        byPayloadType = table;
    }

    /**
     * On the relay loop: the line of the decrypted packet at the buffer's position, or null for a
     * payload type no line negotiated.
     */
    WebRtcEndpoint lineOf(ByteBuffer packet, boolean rtcp) {
        int start = packet.position();
        if (rtcp) {
            WebRtcEndpoint line = bySsrc.get(packet.getInt(start + 4));
            return line != null ? line : first();
        }
        WebRtcEndpoint line = byPayloadType[packet.get(start + 1) & 0x7F];
        if (line != null) {
            int ssrc = packet.getInt(start + 8);
            if (bySsrc.get(ssrc) == null) {
                bySsrc.put(ssrc, line);
            }
        }
        return line;
    }

    private synchronized WebRtcEndpoint first() {
        return lines.isEmpty() ? null : lines.get(0);
    }
}

package org.opensbc.media.path;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which line of a bundle a decrypted packet belongs to, without a transport. */
class PayloadTypeRouterTest {

    private final PayloadTypeRouter router = new PayloadTypeRouter();
    private final WebRtcEndpoint audio = new WebRtcEndpoint(null);
    private final WebRtcEndpoint video = new WebRtcEndpoint(null);

    PayloadTypeRouterTest() {
        router.add(audio);
        router.add(video);
        router.route(List.of("111", "0", "126"), audio);
        router.route(List.of("96", "97", "not-a-number", "300"), video);
    }

    private static ByteBuffer rtp(int pt, int ssrc) {
        ByteBuffer p = ByteBuffer.allocate(20);
        p.put(0, (byte) 0x80).put(1, (byte) (0x80 | pt)).putInt(8, ssrc);
        return p;
    }

    /** A sender report from {@code ssrc}. */
    private static ByteBuffer rtcp(int ssrc) {
        ByteBuffer p = ByteBuffer.allocate(28);
        p.put(0, (byte) 0x80).put(1, (byte) 200).putShort(2, (short) 6).putInt(4, ssrc);
        return p;
    }

    @Test
    void rtpGoesToTheLineThatNegotiatedItsPayloadTypeWhateverTheMarkerBit() {
        assertSame(audio, router.lineOf(rtp(111, 1), false));
        assertSame(video, router.lineOf(rtp(96, 2), false));
        assertNull(router.lineOf(rtp(100, 3), false), "no line negotiated 100");
    }

    @Test
    void rtcpFollowsTheLineItsSenderWasSeenOnElseTheFirstLine() {
        assertSame(audio, router.lineOf(rtcp(2), true), "sender not seen yet: the first line");
        router.lineOf(rtp(97, 2), false);
        assertSame(video, router.lineOf(rtcp(2), true));
    }

    @Test
    void aForgottenLineReceivesNothingMore() {
        router.forget(video);
        assertNull(router.lineOf(rtp(96, 2), false));
        router.forget(audio);
        assertNull(router.lineOf(rtcp(9), true), "no lines left");
    }
}

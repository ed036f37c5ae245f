package org.opensbc.media.webrtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SRTP between two transformers holding each other's keys, as after a DTLS handshake. */
class SrtpTransformerTest {

    private final byte[] material = new byte[2 * (16 + 14)];

    {
        new Random(7).nextBytes(material);
    }

    private final SrtpTransformer relay = new SrtpTransformer(
            SrtpKeys.fromKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, false));
    private final SrtpTransformer browser = new SrtpTransformer(
            SrtpKeys.fromKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, true));

    private boolean roundTrip(int ssrc, int seq) {
        byte[] plain = ByteBuffer.allocate(12 + 160).put(0, (byte) 0x80).putShort(2, (short) seq).putInt(8, ssrc).array();
        PacketBuffer wire = new PacketBuffer(2048);
        wire.load(ByteBuffer.wrap(plain));
        assertTrue(relay.protectRtp(wire));
        PacketBuffer received = new PacketBuffer(2048);
        received.load(wire.view());
        if (!browser.unprotectRtp(received)) {
            return false;
        }
        ByteBuffer view = received.view();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        assertArrayEquals(plain, out);
        return true;
    }

    @Test
    void everySsrcGetsItsOwnContextBothWays() {
        for (int seq = 100; seq < 110; seq++) {
            assertTrue(roundTrip(0xAAAA, seq));
        }
        for (int seq = 700; seq < 710; seq++) {
            assertTrue(roundTrip(0xBBBB, seq), "a second SSRC from the same keys, packet " + seq);
        }
        assertTrue(roundTrip(0xAAAA, 110), "the first stream goes on");
    }

    @Test
    void aReplayedSequenceNumberIsRefusedOnReceive() {
        for (int seq = 5000; seq < 5010; seq++) {
            assertTrue(roundTrip(0xAAAA, seq));
        }
        assertFalse(roundTrip(0xAAAA, 1), "far behind the replay window");
    }
}

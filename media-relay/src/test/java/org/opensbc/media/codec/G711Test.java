package org.opensbc.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PCMU and PCMA against values of the G.711 tables and the properties a quantiser must have. */
class G711Test {

    /** First row of the mu-law decoding table (codes 0x00-0x0F): segment 7, steps of 1,024. */
    private static final short[] ULAW_FIRST_ROW = {-32124, -31100, -30076, -29052, -28028, -27004, -25980, -24956,
        -23932, -22908, -21884, -20860, -19836, -18812, -17788, -16764};
    /** First row of the A-law decoding table (codes 0x00-0x0F; even bits inverted on the wire). */
    private static final short[] ALAW_FIRST_ROW = {-5504, -5248, -6016, -5760, -4480, -4224, -4992, -4736,
        -7552, -7296, -8064, -7808, -6528, -6272, -7040, -6784};

    @Test
    void decodingMatchesTheReferenceTables() {
        for (int code = 0; code < 16; code++) {
            assertEquals(ULAW_FIRST_ROW[code], G711.ulawToLinear((byte) code), "mu-law 0x" + Integer.toHexString(code));
            assertEquals(ALAW_FIRST_ROW[code], G711.alawToLinear((byte) code), "A-law 0x" + Integer.toHexString(code));
            // the second half of each table is the first with the sign flipped
            assertEquals(-ULAW_FIRST_ROW[code], G711.ulawToLinear((byte) (code | 0x80)));
            assertEquals(-ALAW_FIRST_ROW[code], G711.alawToLinear((byte) (code | 0x80)));
        }
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(0, G711.ulawToLinear((byte) 0x7F));
        assertEquals(8, G711.ulawToLinear((byte) 0xFE));
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
        assertEquals(-8, G711.alawToLinear((byte) 0x55));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
    }

    @Test
    void silenceAndFullScaleEncodeToTheirCodes() {
        assertEquals((byte) 0xFF, G711.linearToUlaw((short) 0));
        assertEquals((byte) 0xD5, G711.linearToAlaw((short) 0));
        assertEquals((byte) 0x80, G711.linearToUlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.linearToUlaw(Short.MIN_VALUE));
        assertEquals((byte) 0xAA, G711.linearToAlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711.linearToAlaw(Short.MIN_VALUE));
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            byte c = (byte) code;
            assertEquals(c, G711.linearToAlaw(G711.alawToLinear(c)), "A-law " + code);
            byte expected = code == 0x7F ? (byte) 0xFF : c; // mu-law's two zeros encode as +0
            assertEquals(expected, G711.linearToUlaw(G711.ulawToLinear(c)), "mu-law " + code);
        }
    }

    @Test
    void everySampleLandsInTheNearestStepOfItsSegment() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            short sample = (short) s;
            assertTrue(Math.abs(s - G711.ulawToLinear(G711.linearToUlaw(sample))) <= halfStep(s, false) + 1, "mu " + s);
            assertTrue(Math.abs(s - G711.alawToLinear(G711.linearToAlaw(sample))) <= halfStep(s, true) + 1, "A " + s);
        }
    }

    /** Half the quantisation step at this amplitude (beyond full scale: the clipping distance). */
    private static int halfStep(int sample, boolean alaw) {
        int magnitude = Math.abs(sample);
        if (alaw) {
            int step = magnitude < 512 ? 16 : Integer.highestOneBit(magnitude) / 16;
            return magnitude > 32256 ? magnitude - 32256 + step : step / 2;
        }
        int biased = magnitude + 132;
        int step = Math.max(8, Integer.highestOneBit(biased) / 16);
        return magnitude > 32124 ? magnitude - 32124 + step : step / 2;
    }

    @Test
    void framesCodeLikeTheirSamples() {
        short[] pcm = new short[160];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        byte[] codes = new byte[160];
        short[] back = new short[160];
        G711.encode(false, pcm, 0, 160, codes, 0);
        G711.decode(false, codes, 0, 160, back, 0);
        short[] expected = new short[160];
        for (int i = 0; i < 160; i++) {
            expected[i] = G711.ulawToLinear(G711.linearToUlaw(pcm[i]));
        }
        assertArrayEquals(expected, back);
    }
}

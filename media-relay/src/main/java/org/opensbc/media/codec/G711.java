package org.opensbc.media.codec;

/**
 * G.711 PCMU (mu-law) and PCMA (A-law), table driven: decoding is one lookup per byte in a
 * 256-entry table, encoding one lookup per sample in a 65,536-entry table, so a 20 ms frame costs
 * 160 array reads and allocates nothing. The tables are built once from the segment formulas of
 * ITU-T G.711 (as in its G.191 reference software: mu-law with the 0x84 bias and clipping at
 * 32,635; A-law on the 13 most significant bits, even bits inverted).
 */
public final class G711 {

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32_635;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[65_536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65_536];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = (short) ulawDecode(code);
            ALAW_TO_LINEAR[code] = (short) alawDecode(code);
        }
        for (int sample = Short.MIN_VALUE; sample <= Short.MAX_VALUE; sample++) {
            LINEAR_TO_ULAW[sample & 0xFFFF] = (byte) ulawEncode(sample);
            LINEAR_TO_ALAW[sample & 0xFFFF] = (byte) alawEncode(sample);
        }
    }

    private G711() {
    }

    public static short ulawToLinear(byte code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    public static byte linearToUlaw(short sample) {
        return LINEAR_TO_ULAW[sample & 0xFFFF];
    }

    public static byte linearToAlaw(short sample) {
        return LINEAR_TO_ALAW[sample & 0xFFFF];
    }

    /** Encodes {@code count} samples to PCMU (PCMA when {@code alaw}). */
    public static void encode(boolean alaw, short[] pcm, int from, int count, byte[] out, int at) {
        byte[] table = alaw ? LINEAR_TO_ALAW : LINEAR_TO_ULAW;
        for (int i = 0; i < count; i++) {
            out[at + i] = table[pcm[from + i] & 0xFFFF];
        }
    }

    /** Decodes {@code count} PCMU (PCMA when {@code alaw}) bytes to linear samples. */
    public static void decode(boolean alaw, byte[] codes, int from, int count, short[] out, int at) {
        short[] table = alaw ? ALAW_TO_LINEAR : ULAW_TO_LINEAR;
        for (int i = 0; i < count; i++) {
            out[at + i] = table[codes[from + i] & 0xFF];
        }
    }

    /** The segment (exponent) of a biased mu-law magnitude: the position of its top bit above bit 7. */
    private static int ulawEncode(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), ULAW_CLIP) + ULAW_BIAS;
        int exponent = 31 - Integer.numberOfLeadingZeros(magnitude) - 7;
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return ~(sign | (exponent << 4) | mantissa) & 0xFF;
    }

    private static int ulawDecode(int code) {
        int u = ~code & 0xFF;
        int magnitude = ((((u & 0x0F) << 3) + ULAW_BIAS) << ((u & 0x70) >> 4)) - ULAW_BIAS;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    private static int alawEncode(int sample) {
        int value = sample >> 3; // 13 bits
        int mask;
        if (value >= 0) {
            mask = 0xD5; // sign bit set for positive, even bits inverted
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = value < 0x20 ? 0 : 31 - Integer.numberOfLeadingZeros(value) - 4;
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int mantissa = segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return ((segment << 4) | mantissa) ^ mask;
    }

    private static int alawDecode(int code) {
        int a = code ^ 0x55;
        int magnitude = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        magnitude += segment == 0 ? 8 : 0x108;
        if (segment > 1) {
            magnitude <<= segment - 1;
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}

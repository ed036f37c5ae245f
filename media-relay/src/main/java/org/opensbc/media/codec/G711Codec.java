package org.opensbc.media.codec;

/**
 * G.711 as a stream codec: PCMU or PCMA at 8 kHz, one byte per sample. Loss is concealed by
 * repeating the last frame at half the level each time (G.711 has no redundancy of its own);
 * past 60 ms it is silence.
 */
public final class G711Codec implements AudioDecoder, AudioEncoder {

    public static final int SAMPLE_RATE = 8_000;
    private static final int MAX_CONCEALED = 480;

    private final boolean alaw;
    /** The last decoded frame, for concealment. */
    private final short[] last = new short[MAX_CONCEALED];
    private int lastLength;

    public G711Codec(boolean alaw) {
        this.alaw = alaw;
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public int decode(byte[] payload, int offset, int length, short[] pcm) {
        G711.decode(alaw, payload, offset, length, pcm, 0);
        lastLength = Math.min(length, MAX_CONCEALED);
        System.arraycopy(pcm, length - lastLength, last, 0, lastLength);
        return length;
    }

    @Override
    public int decodeFec(byte[] payload, int offset, int length, short[] pcm, int samples) {
        return conceal(pcm, samples);
    }

    @Override
    public int conceal(short[] pcm, int samples) {
        for (int i = 0; i < lastLength; i++) {
            last[i] = (short) (last[i] / 2);
        }
        for (int i = 0; i < samples; i++) {
            pcm[i] = lastLength == 0 ? 0 : last[i % lastLength];
        }
        return samples;
    }

    @Override
    public int encode(short[] pcm, int samples, byte[] out, int offset, int maxLength) {
        if (samples > maxLength) {
            return -1;
        }
        G711.encode(alaw, pcm, 0, samples, out, offset);
        return samples;
    }

    @Override
    public void close() {
        // no native state
    }
}

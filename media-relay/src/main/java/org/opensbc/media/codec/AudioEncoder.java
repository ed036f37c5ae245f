package org.opensbc.media.codec;

/**
 * One stream's encoder, from 16-bit mono PCM at {@link #sampleRate()} to an RTP payload.
 * Not thread-safe; the relay loop owns it.
 */
public interface AudioEncoder extends AutoCloseable {

    /** The rate of the PCM it takes (8000 for G.711, and for Opus fed from G.711). */
    int sampleRate();

    /** @return payload bytes written at {@code out[offset]}, negative on failure */
    int encode(short[] pcm, int samples, byte[] out, int offset, int maxLength);

    @Override
    void close();
}

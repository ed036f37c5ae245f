package org.opensbc.media.codec;

/**
 * One stream's decoder, from an RTP payload to 16-bit mono PCM at {@link #sampleRate()}.
 * Not thread-safe; the relay loop owns it. Nothing throws on the packet path.
 */
public interface AudioDecoder extends AutoCloseable {

    int sampleRate();

    /** @return samples written to {@code pcm}, negative when the payload is corrupt */
    int decode(byte[] payload, int offset, int length, short[] pcm);

    /**
     * The frame lost just before {@code payload}, {@code samples} long: rebuilt from redundant
     * data the payload carries (Opus in-band FEC) or concealed.
     */
    int decodeFec(byte[] payload, int offset, int length, short[] pcm, int samples);

    /** {@code samples} of concealment for a lost frame, continuing the last decoded audio. */
    int conceal(short[] pcm, int samples);

    @Override
    void close();
}

package org.opensbc.media.codec;

/**
 * An Opus implementation (RFC 6716): native libopus through libjitsi's JNI, or Concentus in pure
 * Java. Both give mono decoders at 48 kHz and mono VoIP encoders fed at a chosen rate; the RTP
 * clock of Opus is 48 kHz whatever the audio bandwidth (RFC 7587). Codec state is per stream:
 * create one decoder and one encoder per direction and close them with the call.
 *
 * <p>On the packet path nothing throws: a packet that does not decode gives a negative count.
 */
public interface Opus {

    /** RFC 7587: the RTP clock and the decoder's output rate. */
    int RTP_CLOCK = 48_000;
    /** Samples in 120 ms at 48 kHz, the longest Opus packet. */
    int MAX_FRAME_SAMPLES = 5_760;
    /** A VoIP encoder's packet never comes near this (RFC 6716 section 3.4, R5). */
    int MAX_PACKET_BYTES = 1_275;

    /**
     * Encoder complexity (0-10). The relay encodes speech that was G.711, narrowband already:
     * at 1, libopus takes about 15 us per 20 ms frame against 48 us at 5, for the same packet
     * size (measured on the 2-core reference VM, see benchmarks/README.md).
     */
    int COMPLEXITY = 1;

    /** "libopus (libjitsi)" or "Concentus", for logs and benchmarks. */
    String name();

    /** A mono decoder with 48 kHz output. */
    default Decoder decoder() {
        return decoder(RTP_CLOCK);
    }

    /**
     * A mono decoder whose output is at {@code outputRate} (8, 12, 16, 24 or 48 kHz) when the
     * implementation decodes well at that rate, else at 48 kHz: see {@link Decoder#sampleRate()}.
     * libopus decodes straight to 8 kHz for G.711, at about two thirds of the cost of 48 kHz
     * and with no decimation after it; Concentus always decodes at 48 kHz (its hybrid-mode
     * packets decode to near-silence below that).
     */
    Decoder decoder(int outputRate);

    /**
     * A mono encoder for VoIP speech.
     *
     * @param inputRate 8000, 12000, 16000, 24000 or 48000 Hz: fed at 8 kHz (from G.711) it
     *                  encodes narrowband and costs about half of a 48 kHz encoder
     * @param bitrate   target bits per second
     */
    Encoder encoder(int inputRate, int bitrate);

    /**
     * One stream's decoder. Not thread-safe; confine it to one thread (the relay loop). Sample
     * counts are at its output rate ({@link #sampleRate()}), not at the RTP clock.
     */
    interface Decoder extends AudioDecoder {

        /** The output rate: what was asked of {@link Opus#decoder(int)}, or 48 kHz. */
        @Override
        int sampleRate();

        /**
         * Decodes one packet.
         *
         * @param pcm receives up to {@link #MAX_FRAME_SAMPLES} samples
         * @return samples written, or negative when the packet is corrupt
         */
        @Override
        int decode(byte[] packet, int offset, int length, short[] pcm);

        /**
         * The frame lost just before {@code packet}, rebuilt from the in-band FEC data the packet
         * carries (or concealed when it carries none).
         *
         * @param samples the lost frame's length at the output rate (from the RTP timestamps)
         */
        @Override
        int decodeFec(byte[] packet, int offset, int length, short[] pcm, int samples);

        /** Packet loss concealment: {@code samples} of audio that continues the last decoded. */
        @Override
        int conceal(short[] pcm, int samples);

        @Override
        void close();
    }

    /** One stream's encoder. Not thread-safe; confine it to one thread (the relay loop). */
    interface Encoder extends AudioEncoder {

        /**
         * Encodes one frame (2.5 to 60 ms at the input rate; 20 ms here).
         *
         * @return bytes written at {@code out[offset]}, or negative on failure
         */
        @Override
        int encode(short[] pcm, int samples, byte[] out, int offset, int maxLength);

        @Override
        void close();
    }

    /** What every encoder of this interface shares: the input rate it was opened at. */
    abstract static class RateEncoder implements Encoder {
        private final int inputRate;

        RateEncoder(int inputRate) {
            this.inputRate = inputRate;
        }

        @Override
        public final int sampleRate() {
            return inputRate;
        }
    }
}

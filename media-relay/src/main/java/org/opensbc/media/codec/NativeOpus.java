package org.opensbc.media.codec;

/**
 * libopus 1.5.2 through libjitsi's JNI ({@code libjnopus}, shipped inside the libjitsi jar).
 * The JNI works on 16-bit little-endian PCM in byte arrays, so each codec keeps one scratch
 * array and converts: nothing is allocated per frame. Decoder and encoder states are native
 * memory, freed by {@link Decoder#close()} and {@link Encoder#close()}; closing twice is harmless.
 */
final class NativeOpus implements Opus {

    /** Loads the native library; throws a {@link LinkageError} when it cannot be loaded here. */
    static NativeOpus load() {
        org.jitsi.impl.neomedia.codec.audio.opus.Opus.assertOpusIsFunctional();
        return new NativeOpus();
    }

    private NativeOpus() {
    }

    @Override
    public String name() {
        return "libopus (libjitsi JNI)";
    }

    @Override
    public Decoder decoder(int outputRate) {
        long state = org.jitsi.impl.neomedia.codec.audio.opus.Opus.decoder_create(outputRate, 1);
        if (state == 0) {
            throw new IllegalStateException("opus_decoder_create failed at " + outputRate + " Hz");
        }
        return new NativeDecoder(state, outputRate);
    }

    @Override
    public Encoder encoder(int inputRate, int bitrate) {
        long state = org.jitsi.impl.neomedia.codec.audio.opus.Opus.encoder_create(inputRate, 1);
        if (state == 0) {
            throw new IllegalStateException("opus_encoder_create failed at " + inputRate + " Hz");
        }
        org.jitsi.impl.neomedia.codec.audio.opus.Opus.encoder_set_bitrate(state, bitrate);
        org.jitsi.impl.neomedia.codec.audio.opus.Opus.encoder_set_inband_fec(state, 1);
        org.jitsi.impl.neomedia.codec.audio.opus.Opus.encoder_set_packet_loss_perc(state, 5);
        org.jitsi.impl.neomedia.codec.audio.opus.Opus.encoder_set_complexity(state, COMPLEXITY);
        org.jitsi.impl.neomedia.codec.audio.opus.Opus.encoder_set_dtx(state, 0);
        return new NativeEncoder(state, inputRate);
    }

    private static final class NativeDecoder implements Decoder {
        private long state;
        private final int sampleRate;
        private final byte[] scratch = new byte[MAX_FRAME_SAMPLES * 2];

        NativeDecoder(long state, int sampleRate) {
            this.state = state;
            this.sampleRate = sampleRate;
        }

        @Override
        public int sampleRate() {
            return sampleRate;
        }

        @Override
        public int decode(byte[] packet, int offset, int length, short[] pcm) {
            return run(packet, offset, length, MAX_FRAME_SAMPLES, 0, pcm);
        }

        @Override
        public int decodeFec(byte[] packet, int offset, int length, short[] pcm, int samples) {
            return run(packet, offset, length, Math.min(samples, MAX_FRAME_SAMPLES), 1, pcm);
        }

        @Override
        public int conceal(short[] pcm, int samples) {
            return run(null, 0, 0, Math.min(samples, MAX_FRAME_SAMPLES), 0, pcm);
        }

        private int run(byte[] packet, int offset, int length, int frameSize, int fec, short[] pcm) {
            if (state == 0) {
                return -1;
            }
            int n = org.jitsi.impl.neomedia.codec.audio.opus.Opus.decode(state, packet, offset, length, scratch, 0,
                    frameSize, fec);
            for (int i = 0; i < n; i++) {
                pcm[i] = (short) ((scratch[2 * i] & 0xFF) | (scratch[2 * i + 1] << 8));
            }
            return n;
        }

        @Override
        public void close() {
            if (state != 0) {
                org.jitsi.impl.neomedia.codec.audio.opus.Opus.decoder_destroy(state);
                state = 0;
            }
        }
    }

    private static final class NativeEncoder extends RateEncoder {
        private long state;
        private byte[] scratch = new byte[960 * 2];

        NativeEncoder(long state, int inputRate) {
            super(inputRate);
            this.state = state;
        }

        @Override
        public int encode(short[] pcm, int samples, byte[] out, int offset, int maxLength) {
            if (state == 0) {
                return -1;
            }
            if (scratch.length < samples * 2) {
                scratch = new byte[samples * 2]; // only if frames grow past 20 ms at 48 kHz
            }
            for (int i = 0; i < samples; i++) {
                scratch[2 * i] = (byte) pcm[i];
                scratch[2 * i + 1] = (byte) (pcm[i] >> 8);
            }
            return org.jitsi.impl.neomedia.codec.audio.opus.Opus.encode(state, scratch, 0, samples, out, offset,
                    maxLength);
        }

        @Override
        public void close() {
            if (state != 0) {
                org.jitsi.impl.neomedia.codec.audio.opus.Opus.encoder_destroy(state);
                state = 0;
            }
        }
    }
}

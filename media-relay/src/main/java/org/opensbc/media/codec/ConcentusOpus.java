package org.opensbc.media.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Concentus 1.0.2, a pure-Java port of libopus: the fallback where the native library cannot
 * load. About 8x slower to encode than libopus. Always decodes at 48 kHz: below that, its
 * hybrid-mode packets (TOC configurations 12-15) decode to near silence.
 */
final class ConcentusOpus implements Opus {

    @Override
    public String name() {
        return "Concentus (pure Java)";
    }

    @Override
    public Decoder decoder(int outputRate) {
        try { // always 48 kHz: see Opus#decoder(int)
            return new ConcentusDecoder(new OpusDecoder(RTP_CLOCK, 1));
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus decoder: " + e.getMessage(), e);
        }
    }

    @Override
    public Encoder encoder(int inputRate, int bitrate) {
        try {
            OpusEncoder encoder = new OpusEncoder(inputRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(bitrate);
            encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
            encoder.setUseInbandFEC(true);
            encoder.setPacketLossPercent(5);
            encoder.setComplexity(COMPLEXITY);
            return new ConcentusEncoder(encoder, inputRate);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus encoder at " + inputRate + " Hz: " + e.getMessage(), e);
        }
    }

    private static final class ConcentusDecoder implements Decoder {
        private final OpusDecoder decoder;

        ConcentusDecoder(OpusDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public int sampleRate() {
            return RTP_CLOCK;
        }

        @Override
        public int decode(byte[] packet, int offset, int length, short[] pcm) {
            return run(packet, offset, length, pcm, MAX_FRAME_SAMPLES, false);
        }

        @Override
        public int decodeFec(byte[] packet, int offset, int length, short[] pcm, int samples) {
            return run(packet, offset, length, pcm, Math.min(samples, MAX_FRAME_SAMPLES), true);
        }

        @Override
        public int conceal(short[] pcm, int samples) {
            return run(null, 0, 0, pcm, Math.min(samples, MAX_FRAME_SAMPLES), false);
        }

        private int run(byte[] packet, int offset, int length, short[] pcm, int frameSize, boolean fec) {
            try {
                return decoder.decode(packet, offset, length, pcm, 0, frameSize, fec);
            } catch (OpusException | RuntimeException e) {
                return -1; // a corrupt packet: the caller counts and drops it
            }
        }

        @Override
        public void close() {
            // heap only
        }
    }

    private static final class ConcentusEncoder extends RateEncoder {
        private final OpusEncoder encoder;

        ConcentusEncoder(OpusEncoder encoder, int inputRate) {
            super(inputRate);
            this.encoder = encoder;
        }

        @Override
        public int encode(short[] pcm, int samples, byte[] out, int offset, int maxLength) {
            try {
                return encoder.encode(pcm, 0, samples, out, offset, maxLength);
            } catch (OpusException | RuntimeException e) {
                return -1;
            }
        }

        @Override
        public void close() {
            // heap only
        }
    }
}

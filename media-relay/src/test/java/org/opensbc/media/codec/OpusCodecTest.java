package org.opensbc.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known-answer tests of the transcoding pivot, for both Opus implementations: a 1 kHz tone keeps
 * its frequency and its level (within 1.5 dB) from Opus to PCMU and from PCMU to Opus, and loss
 * is concealed or recovered rather than dropped.
 */
class OpusCodecTest {

    private static final int AMPLITUDE = 8_000;       // about -12 dBFS, a speaking level
    private static final int FRAMES = 50;             // one second of 20 ms frames
    private static final int SETTLE = 10;             // frames the codecs take to converge

    static Stream<Opus> implementations() {
        return Stream.of(OpusLoader.load(OpusLoader.Preference.NATIVE), OpusLoader.load(OpusLoader.Preference.CONCENTUS));
    }

    /**
     * What a browser sends: a 48 kHz tone in 20 ms Opus packets; returned decoded to PCMU and back
     * to 8 kHz. libopus decodes straight to 8 kHz; Concentus at 48 kHz, then the decimator.
     */
    @ParameterizedTest
    @MethodSource("implementations")
    void aToneFromOpusToPcmuKeepsFrequencyAndLevel(Opus opus) {
        short[] received = new short[FRAMES * 160];
        try (Opus.Encoder browser = opus.encoder(48_000, 32_000); AudioDecoder decoder = AudioCodec.OPUS.newDecoder(opus);
                AudioEncoder pcmu = AudioCodec.PCMU.newEncoder(opus); AudioDecoder phone = AudioCodec.PCMU.newDecoder(opus)) {
            Decimator decimator = decoder.sampleRate() == 8_000 ? null : new Decimator();
            assertEquals(opus.name().startsWith("libopus") ? 8_000 : 48_000, decoder.sampleRate());
            byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
            short[] decoded = new short[Opus.MAX_FRAME_SAMPLES];
            short[] pcm8 = new short[960];
            byte[] g711 = new byte[160];
            short[] heard = new short[160];
            for (int f = 0; f < FRAMES; f++) {
                int length = browser.encode(Tone.sine(1_000, 48_000, AMPLITUDE, f * 960, 960), 960, packet, 0, packet.length);
                assertTrue(length > 0, "encoded " + length);
                int samples = decoder.decode(packet, 0, length, decoded);
                assertEquals(decoder.sampleRate() / 50, samples, "20 ms at the decoder's rate");
                if (decimator != null) {
                    assertEquals(160, decimator.process(decoded, samples, pcm8, 0));
                } else {
                    System.arraycopy(decoded, 0, pcm8, 0, 160);
                }
                assertEquals(160, pcmu.encode(pcm8, 160, g711, 0, g711.length));
                assertEquals(160, phone.decode(g711, 0, 160, heard));
                System.arraycopy(heard, 0, received, f * 160, 160);
            }
        }
        assertToneAt(received, 8_000, 1_000, SETTLE * 160);
    }

    /** What a phone sends: an 8 kHz tone in PCMU, encoded to Opus from 8 kHz; the browser decodes at 48 kHz. */
    @ParameterizedTest
    @MethodSource("implementations")
    void aToneFromPcmuToOpusKeepsFrequencyAndLevel(Opus opus) {
        short[] received = new short[FRAMES * 960];
        try (AudioEncoder phone = AudioCodec.PCMU.newEncoder(opus); AudioDecoder pcmu = AudioCodec.PCMU.newDecoder(opus);
                AudioEncoder encoder = AudioCodec.OPUS.newEncoder(opus); Opus.Decoder browser = opus.decoder()) {
            byte[] g711 = new byte[160];
            short[] pcm8 = new short[160];
            byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
            short[] heard = new short[Opus.MAX_FRAME_SAMPLES];
            for (int f = 0; f < FRAMES; f++) {
                phone.encode(Tone.sine(1_000, 8_000, AMPLITUDE, f * 160, 160), 160, g711, 0, g711.length);
                assertEquals(160, pcmu.decode(g711, 0, 160, pcm8));
                int length = encoder.encode(pcm8, 160, packet, 0, packet.length);
                assertTrue(length > 0, "encoded " + length);
                assertEquals(960, browser.decode(packet, 0, length, heard));
                System.arraycopy(heard, 0, received, f * 960, 960);
            }
        }
        assertToneAt(received, 48_000, 1_000, SETTLE * 960);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aLostPacketIsRecoveredFromTheNextOnesFecOrConcealed(Opus opus) {
        try (Opus.Encoder browser = opus.encoder(48_000, 32_000); Opus.Decoder decoder = opus.decoder()) {
            byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
            short[] pcm = new short[Opus.MAX_FRAME_SAMPLES];
            int length = 0;
            for (int f = 0; f < 20; f++) {
                length = browser.encode(Tone.sine(1_000, 48_000, AMPLITUDE, f * 960, 960), 960, packet, 0, packet.length);
                if (f < 18) {
                    decoder.decode(packet, 0, length, pcm); // frame 18 is lost
                }
            }
            assertEquals(960, decoder.decodeFec(packet, 0, length, pcm, 960));
            assertTrue(Tone.rms(pcm, 0, 960) > AMPLITUDE / 4.0, "FEC frame has the tone: " + Tone.rms(pcm, 0, 960));
            assertEquals(960, decoder.decode(packet, 0, length, pcm));
            assertEquals(960, decoder.conceal(pcm, 960));
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aCorruptPacketIsRefusedWithoutThrowing(Opus opus) {
        try (Opus.Decoder decoder = opus.decoder()) {
            short[] pcm = new short[Opus.MAX_FRAME_SAMPLES];
            byte[] noFrames = {0x03, 0x00}; // code 3 with a frame count of 0 (RFC 6716 section 3.2.5, R5)
            assertTrue(decoder.decode(noFrames, 0, noFrames.length, pcm) < 0);
            byte[] truncated = {(byte) 0x4B, (byte) 0xC5}; // code 3, CBR, 5 frames in 1 byte
            assertTrue(decoder.decode(truncated, 0, truncated.length, pcm) < 0);
        }
    }

    /** The strongest frequency is within 5 Hz of {@code hz} and the level within 1.5 dB of the input's. */
    private static void assertToneAt(short[] pcm, int rate, double hz, int from) {
        int count = pcm.length - from;
        double peak = Tone.peak(pcm, from, count, rate, 200, 3_400, 5);
        assertEquals(hz, peak, 5, "strongest frequency");
        double levelDb = 20 * Math.log10(Tone.rms(pcm, from, count) / (AMPLITUDE / Math.sqrt(2)));
        assertTrue(Math.abs(levelDb) < 1.5, "level off by " + levelDb + " dB");
        double toneShare = Tone.power(pcm, from, count, hz, rate) / (Math.pow(Tone.rms(pcm, from, count), 2) / 2);
        assertTrue(toneShare > 0.9, "the tone carries " + toneShare + " of the energy");
    }
}

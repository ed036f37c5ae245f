package org.opensbc.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 48 to 8 kHz decimator's pass band, stop band (no aliasing) and frame continuity. */
class DecimatorTest {

    private static final int AMPLITUDE = 10_000;

    /** Gain in dB of a tone through the decimator, measured at 8 kHz after the filter settles. */
    private static double gainDb(double hz) {
        short[] in = Tone.sine(hz, 48_000, AMPLITUDE, 0, 48_000);
        short[] out = new short[8_000];
        Decimator decimator = new Decimator();
        int written = 0;
        for (int at = 0; at < in.length; at += 960) {
            short[] frame = java.util.Arrays.copyOfRange(in, at, at + 960);
            written += decimator.process(frame, 960, out, written);
        }
        assertEquals(8_000, written);
        double rmsIn = AMPLITUDE / Math.sqrt(2);
        return 20 * Math.log10(Tone.rms(out, 800, 7_200) / rmsIn);
    }

    @Test
    void passesTheSpeechBand() {
        for (double hz : new double[] {300, 1_000, 2_000, 3_000, 3_400}) {
            double gain = gainDb(hz);
            assertTrue(Math.abs(gain) < 0.5, hz + " Hz: " + gain + " dB");
        }
    }

    @Test
    void stopsWhatWouldAlias() {
        for (double hz : new double[] {4_600, 5_000, 6_000, 10_000, 20_000}) {
            double gain = gainDb(hz);
            assertTrue(gain < -50, hz + " Hz leaks through at " + gain + " dB");
        }
    }

    @Test
    void framesOfAnySizeGiveTheSameStream() {
        short[] in = Tone.sine(1_000, 48_000, AMPLITUDE, 0, 4_800);
        short[] whole = new short[800];
        assertEquals(800, new Decimator().process(in, in.length, whole, 0));
        short[] pieces = new short[800];
        Decimator decimator = new Decimator();
        int written = 0;
        int[] sizes = {7, 480, 960, 1, 5, 2_000, 1_347};
        int at = 0;
        for (int size : sizes) {
            written += decimator.process(java.util.Arrays.copyOfRange(in, at, at + size), size, pieces, written);
            at += size;
        }
        assertEquals(4_800, at);
        assertEquals(800, written);
        assertArrayEquals(whole, pieces);
    }
}

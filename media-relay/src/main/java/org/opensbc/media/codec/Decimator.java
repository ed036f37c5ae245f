package org.opensbc.media.codec;

/**
 * 48 kHz to 8 kHz: a 120-tap windowed-sinc low-pass filter (Hamming window, cut-off 3.9 kHz,
 * unity gain at DC), evaluated only at every sixth input sample, folding its symmetric halves. The speech band up to
 * 3.4 kHz passes within 0.5 dB; what lies above 4.6 kHz, which would alias into the band, is
 * attenuated by more than 50 dB. The filter's history carries over between frames, so a
 * stream decimates continuously; one instance per stream, allocation free.
 */
public final class Decimator {

    public static final int FACTOR = 6;
    private static final int TAPS = 120;
    private static final float[] COEFFICIENTS = design(TAPS, 3_900.0 / 48_000.0);

    /** The last TAPS - 1 input samples, then room for one 120 ms input frame. */
    private final float[] window = new float[TAPS - 1 + Opus.MAX_FRAME_SAMPLES];
    /** Input samples already in the window since the last output (0..FACTOR-1). */
    private int phase;

    /**
     * @param in    48 kHz samples
     * @param count at most {@link Opus#MAX_FRAME_SAMPLES}
     * @param out   receives about {@code count / 6} samples at 8 kHz, starting at {@code at}
     * @return samples written
     */
    public int process(short[] in, int count, short[] out, int at) {
        int history = TAPS - 1;
        for (int i = 0; i < count; i++) {
            window[history + i] = in[i];
        }
        int written = 0;
        int end = history + count;
        // an output falls on every sixth input; 'phase' inputs of the current group came earlier
        for (int last = history + (FACTOR - 1 - phase); last < end; last += FACTOR) {
            float sum = 0;
            int first = last - (TAPS - 1);
            for (int k = 0; k < TAPS / 2; k++) { // the filter is symmetric: half the multiplications
                sum += COEFFICIENTS[k] * (window[first + k] + window[last - k]);
            }
            out[at + written++] = clip(sum);
        }
        phase = (phase + count) % FACTOR;
        System.arraycopy(window, count, window, 0, history);
        return written;
    }

    private static short clip(float value) {
        int rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    /** Windowed sinc, {@code cutoff} as a fraction of the input rate, normalised to unity DC gain. */
    private static float[] design(int taps, double cutoff) {
        double[] h = new double[taps];
        double sum = 0;
        double middle = (taps - 1) / 2.0;
        for (int n = 0; n < taps; n++) {
            double x = n - middle;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double hamming = 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (taps - 1));
            h[n] = sinc * hamming;
            sum += h[n];
        }
        float[] normalised = new float[taps];
        for (int n = 0; n < taps; n++) {
            normalised[n] = (float) (h[n] / sum);
        }
        return normalised;
    }
}

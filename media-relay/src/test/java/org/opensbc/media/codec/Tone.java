package org.opensbc.media.codec;

/** Test signals and their measurement: sine tones, Goertzel power at one frequency, RMS level. */
final class Tone {

    private Tone() {
    }

    /** {@code count} samples of a sine at {@code hz}, peak {@code amplitude}, starting at sample {@code from}. */
    static short[] sine(double hz, int rate, int amplitude, int from, int count) {
        short[] pcm = new short[count];
        for (int i = 0; i < count; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (from + i) / rate));
        }
        return pcm;
    }

    /** Goertzel: the power of {@code hz} in the samples, normalised so a sine of peak A gives A^2/4. */
    static double power(short[] pcm, int from, int count, double hz, int rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + count; i++) {
            double s = pcm[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return power / ((double) count * count);
    }

    static double rms(short[] pcm, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return Math.sqrt(sum / count);
    }

    static double db(double ratio) {
        return 10 * Math.log10(ratio);
    }

    /** The frequency between {@code lowHz} and {@code highHz} (in {@code stepHz}) with the most power. */
    static double peak(short[] pcm, int from, int count, int rate, double lowHz, double highHz, double stepHz) {
        double best = lowHz;
        double bestPower = -1;
        for (double hz = lowHz; hz <= highHz; hz += stepHz) {
            double p = power(pcm, from, count, hz, rate);
            if (p > bestPower) {
                bestPower = p;
                best = hz;
            }
        }
        return best;
    }
}

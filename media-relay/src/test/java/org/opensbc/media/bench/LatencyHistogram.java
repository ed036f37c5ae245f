package org.opensbc.media.bench;

import org.HdrHistogram.Histogram;

/**
 * One-way latencies, 1 us to 10 s at three significant digits (HdrHistogram: fixed size, so
 * recording a packet allocates nothing). Beyond 10 s a sample counts as 10 s. Single writer.
 */
final class LatencyHistogram {

    private static final long LOWEST_NANOS = 1_000;
    private static final long HIGHEST_NANOS = 10_000_000_000L;
    private final Histogram histogram = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 3);

    void record(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, nanos)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The latency below which {@code fraction} of the samples fall, in microseconds; 0 without samples. */
    double percentileMicros(double fraction) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(fraction * 100) / 1000.0;
    }

    void reset() {
        histogram.reset();
    }

    void add(LatencyHistogram other) {
        histogram.add(other.histogram);
    }
}

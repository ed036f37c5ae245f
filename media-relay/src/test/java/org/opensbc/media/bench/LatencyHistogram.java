package org.opensbc.media.bench;

/** One-way latencies in 10 us buckets up to 100 ms (beyond: the last bucket). Single writer. */
final class LatencyHistogram {

    private static final int BUCKET_NANOS = 10_000;
    private final long[] buckets = new long[10_000];
    private long count;

    void record(long nanos) {
        int bucket = (int) Math.min(buckets.length - 1, Math.max(0, nanos / BUCKET_NANOS));
        buckets[bucket]++;
        count++;
    }

    long count() {
        return count;
    }

    /** The latency below which {@code fraction} of the samples fall, in microseconds. */
    double percentileMicros(double fraction) {
        long rank = (long) Math.ceil(fraction * count);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank && rank > 0) {
                return (i + 1) * BUCKET_NANOS / 1000.0;
            }
        }
        return 0;
    }

    void reset() {
        java.util.Arrays.fill(buckets, 0);
        count = 0;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += other.buckets[i];
        }
        count += other.count;
    }
}

package org.opensbc.media.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesOfKnownSamplesWithinThreeDigits() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentileMicros(0.5), "no samples");
        for (int us = 1; us <= 1000; us++) {
            h.record(us * 1000L);
        }
        assertEquals(1000, h.count());
        assertEquals(500, h.percentileMicros(0.50), 0.5);
        assertEquals(990, h.percentileMicros(0.99), 1);
        assertEquals(1000, h.percentileMicros(1.0), 1);
    }

    @Test
    void mergesAndResets() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(2_000_000);
        b.record(-5); // a clock step backwards counts as no latency rather than failing the run
        b.record(60_000_000_000L); // beyond the range: counted at the top
        a.add(b);
        assertEquals(3, a.count());
        assertEquals(10_000_000, a.percentileMicros(1.0), 10_000);
        a.reset();
        assertEquals(0, a.count());
    }
}

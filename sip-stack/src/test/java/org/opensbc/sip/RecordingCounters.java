package org.opensbc.sip;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;

/** Inbound counters that keep their counts, for tests; decisions as "stage-tag Outcome" -> count. */
public final class RecordingCounters implements InboundCounters {

    public final AtomicInteger malformed = new AtomicInteger();
    public final AtomicInteger blocked = new AtomicInteger();
    public final AtomicInteger blockedUnread = new AtomicInteger();
    public final AtomicInteger overRate = new AtomicInteger();
    public final Map<String, Integer> decisions = new ConcurrentHashMap<>();

    @Override public void malformed() { malformed.incrementAndGet(); }
    @Override public void oversized() { }
    @Override public void blocked() { blocked.incrementAndGet(); }
    @Override public void refused() { }
    @Override public void shed() { }
    @Override public void blockedUnread() { blockedUnread.incrementAndGet(); }
    @Override public void overRate() { overRate.incrementAndGet(); }
    @Override public void expired() { }
    @Override public void strayResponse() { }

    @Override
    public void decided(Stage stage, StageResult result) {
        decisions.merge(stage.tag() + " " + result.getClass().getSimpleName(), 1, Integer::sum);
    }

    /** Waits up to 5 s for the decisions to be {@code expected} (the stack's workers run apart). */
    public Map<String, Integer> awaitDecisions(Map<String, Integer> expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!expected.equals(decisions) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return decisions;
    }
}

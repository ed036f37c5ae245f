package org.opensbc.sip.admission;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway drops, logged without a line per message: a flood of 30,000 messages once
 * wrote 30,000 lines. The first drop after a quiet interval is logged at once; after that, at
 * most one line per interval sums up the drops by reason and by source (the busiest few). The
 * metrics count every drop; this only tells an operator that it happens and who does it.
 *
 * <p>{@link #record} runs on the packet path (the UDP reader, the stack's workers): a map lookup
 * and an atomic add, no logging except the first drop. Call {@link #flush} periodically so that
 * the last summary of an attack does not wait for the next drop.
 */
public final class DropSummary {

    public enum Reason {
        BANNED("banned"), BLOCKED("blocked"), SHED("queue full"), EXPIRED("too long in the queue");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    /** Distinct sources counted per interval; a spoofed flood's other sources are summed as one. */
    static final int MAX_SOURCES = 1024;
    private static final int REASONS = Reason.values().length;

    /** The counts of one interval. */
    private static final class Window {
        final long start;
        final ConcurrentHashMap<InetAddress, AtomicLongArray> bySource = new ConcurrentHashMap<>();
        final AtomicLongArray otherSources = new AtomicLongArray(REASONS);

        Window(long start) {
            this.start = start;
        }
    }

    private final Logger log;
    private final long intervalNanos;
    private final int top;
    private final LongSupplier nanos;
    private volatile Window window;
    /** No drop in the last whole interval: the next one is logged at once. */
    private volatile boolean quiet = true;

    public DropSummary() {
        this(LoggerFactory.getLogger(DropSummary.class), 10, 5, System::nanoTime);
    }

    /** @param top sources named in a summary line (the busiest) */
    public DropSummary(Logger log, int intervalSeconds, int top, LongSupplier nanos) {
        this.log = log;
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
        this.top = top;
        this.nanos = nanos;
        this.window = new Window(nanos.getAsLong());
    }

    public void record(InetAddress source, Reason reason) {
        if (quiet) {
            first(source, reason);
            return;
        }
        Window w = window;
        count(w, source, reason);
        if (nanos.getAsLong() - w.start >= intervalNanos) {
            flush();
        }
    }

    private static void count(Window w, InetAddress source, Reason reason) {
        AtomicLongArray counts = source == null ? w.otherSources : w.bySource.get(source);
        if (counts == null) {
            counts = w.bySource.size() < MAX_SOURCES
                    ? w.bySource.computeIfAbsent(source, s -> new AtomicLongArray(REASONS)) : w.otherSources;
        }
        counts.incrementAndGet(reason.ordinal());
    }

    private synchronized void first(InetAddress source, Reason reason) {
        if (!quiet) {
            count(window, source, reason);
            return;
        }
        window = new Window(nanos.getAsLong()); // the summary covers what follows this line
        count(window, source, reason);
        quiet = false;
        log.warn("dropping SIP messages: {} from {}; further drops are counted (sbc_sip_* metrics) and summed up"
                + " here at most every {} s", reason.text, name(source), intervalNanos / 1_000_000_000L);
    }

    /** Logs the summary of the interval if it is over; after an interval without drops, goes quiet. */
    public synchronized void flush() {
        long now = nanos.getAsLong();
        Window w = window;
        if (quiet || now - w.start < intervalNanos) {
            return;
        }
        window = new Window(now);
        long[] byReason = new long[REASONS];
        List<Map.Entry<InetAddress, Long>> sources = new ArrayList<>();
        for (Map.Entry<InetAddress, AtomicLongArray> e : w.bySource.entrySet()) {
            long sum = 0;
            for (int i = 0; i < REASONS; i++) {
                long n = e.getValue().get(i);
                byReason[i] += n;
                sum += n;
            }
            sources.add(Map.entry(e.getKey(), sum));
        }
        long others = 0;
        for (int i = 0; i < REASONS; i++) {
            byReason[i] += w.otherSources.get(i);
            others += w.otherSources.get(i);
        }
        long total = others;
        for (Map.Entry<InetAddress, Long> e : sources) {
            total += e.getValue();
        }
        if (total == 0) {
            quiet = true;
            return;
        }
        log.warn("{}", summary(total, (now - w.start) / 1_000_000_000L, byReason, sources, others));
    }

    private String summary(long total, long seconds, long[] byReason, List<Map.Entry<InetAddress, Long>> sources,
            long others) {
        StringBuilder line = new StringBuilder("dropped ").append(total).append(" SIP messages in the last ")
                .append(seconds).append(" s:");
        String sep = " ";
        for (Reason r : Reason.values()) {
            if (byReason[r.ordinal()] > 0) {
                line.append(sep).append(r.text).append(' ').append(byReason[r.ordinal()]);
                sep = ", ";
            }
        }
        sources.sort(Map.Entry.<InetAddress, Long>comparingByValue().reversed());
        line.append("; by source:");
        sep = " ";
        for (Map.Entry<InetAddress, Long> e : sources.subList(0, Math.min(top, sources.size()))) {
            line.append(sep).append(name(e.getKey())).append(' ').append(e.getValue());
            sep = ", ";
        }
        long rest = others;
        for (Map.Entry<InetAddress, Long> e : sources.subList(Math.min(top, sources.size()), sources.size())) {
            rest += e.getValue();
        }
        if (rest > 0) {
            line.append(sep).append("other sources ").append(rest);
        }
        return line.toString();
    }

    private static String name(InetAddress source) {
        return source == null ? "an unknown source" : source.getHostAddress();
    }
}

package org.opensbc.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.opensbc.state.redis.RedisStateStore;
import org.opensbc.state.sqlite.SqliteStateStore;
import org.opensbc.state.write.WriterSettings;

/**
 * Binding writes through each store: bulk changes/s, acknowledgement latency at fixed REGISTER-like
 * rates (submit, then reply from whenWritten), and for N stored bindings the time to load them,
 * the SQLite file's size and Redis's memory per binding hash. Prints figures; asserts nothing.
 * Bounded: every phase stops at its count or after {@link #PHASE_LIMIT_NANOS}.
 *
 * <pre>StateStoreBench DATA_DIR REDIS_URL|- [BINDINGS] [RATES] [SECONDS]</pre>
 */
public final class StateStoreBench {

    private static final long PHASE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long HOUR = 3_600_000;
    private static final int VALUE_BYTES = 100;
    private static final String PREFIX = "bench:";

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private final byte[] value = new byte[VALUE_BYTES];
    private final int bindings;
    private final int[] rates;
    private final int seconds;

    private StateStoreBench(int bindings, int[] rates, int seconds) {
        this.bindings = bindings;
        this.rates = rates;
        this.seconds = seconds;
        new Random(1).nextBytes(value);
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String url = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int[] rates = Arrays.stream((args.length > 3 ? args[3] : "6000,20000").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        StateStoreBench bench = new StateStoreBench(n, rates, seconds);
        bench.embedded(data);
        if (!url.equals("-")) { // "-": the embedded store only
            bench.redis(url);
        }
    }

    private void embedded(Path data) throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(data, "bench", WriterSettings.defaults())) {
            writes("embedded", store);
        }
        out.printf("RESULT embedded file %d bindings: %.1f MB (%d bytes per binding)%n", bindings,
                size(data) / 1e6, size(data) / bindings);
        try (SqliteStateStore store = SqliteStateStore.open(data, "bench", WriterSettings.defaults())) {
            load("embedded", store);
        }
    }

    private void redis(String url) throws Exception {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            long before = usedMemory(redis.info("memory"));
            try (RedisStateStore store = RedisStateStore.open(url, PREFIX, "bench", WriterSettings.defaults())) {
                writes("redis", store);
            }
            long after = usedMemory(redis.info("memory"));
            long sampled = 0;
            int samples = Math.min(1_000, bindings);
            for (int i = 0; i < samples; i++) {
                sampled += redis.memoryUsage(PREFIX + "b:" + aor(i * (bindings / samples)));
            }
            out.printf("RESULT redis memory: MEMORY USAGE %d bytes per binding hash (mean of %d); used_memory grew"
                    + " %.1f MB for %d bindings (%d bytes each)%n", sampled / samples, samples, (after - before) / 1e6,
                    bindings, (after - before) / bindings);
            try (RedisStateStore store = RedisStateStore.open(url, PREFIX, "bench2", WriterSettings.defaults())) {
                load("redis", store);
            }
        } finally {
            client.shutdown();
        }
    }

    /** Bulk puts of every binding, then the fixed-rate runs (which refresh the same bindings). */
    private void writes(String name, StateStore store) throws InterruptedException {
        long expires = System.currentTimeMillis() + HOUR;
        long start = System.nanoTime();
        long full = 0;
        for (int i = 0; i < bindings && System.nanoTime() - start < PHASE_LIMIT_NANOS; i++) {
            while (!store.submit(binding(i, expires))) {
                full++;
                Thread.sleep(1);
            }
        }
        awaitWritten(store);
        long nanos = System.nanoTime() - start;
        // a failed write acknowledges at once (the store counts as down): such a figure is not a write rate
        out.printf("RESULT %s bulk %d binding puts (%d-byte values): %.0f changes/s, %d ms, queue full %d times,"
                + " write failures %d%n", name, bindings, VALUE_BYTES, bindings * 1e9 / nanos, nanos / 1_000_000, full,
                store.health().failures());
        for (int rate : rates) {
            acknowledged(name, store, rate);
        }
    }

    /** Open loop, as a registrar works: submit at a fixed rate, each "reply" sent from whenWritten. */
    private void acknowledged(String name, StateStore store, int rate) throws InterruptedException {
        int total = rate * seconds;
        long[] latency = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        long expires = System.currentTimeMillis() + HOUR;
        long storeCpuBefore = storeCpuNanos();
        long start = System.nanoTime();
        int sent = 0;
        int refused = 0;
        for (; sent < total && System.nanoTime() - start < PHASE_LIMIT_NANOS; sent++) {
            long due = start + sent * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            int op = sent;
            if (!store.submit(binding(op % bindings, expires))) {
                refused++;
            }
            long submitted = System.nanoTime();
            store.whenWritten(() -> {
                latency[op] = System.nanoTime() - submitted;
                done.countDown();
            });
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            out.printf("RESULT %s at %d/s: not all acknowledged within 30 s%n", name, rate);
            return;
        }
        long nanos = System.nanoTime() - start;
        long storeCpu = storeCpuNanos() - storeCpuBefore;
        long[] sorted = Arrays.copyOf(latency, sent);
        Arrays.sort(sorted);
        out.printf("RESULT %s acknowledged at %d/s for %d s: %.0f/s done, ack latency p50 %.2f ms p99 %.2f ms"
                + " max %.2f ms, refused %d, write failures so far %d; store threads' CPU %.1f us per change%n", name,
                rate, seconds, sent * 1e9 / nanos, pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1] / 1e6,
                refused, store.health().failures(), storeCpu / 1e3 / sent);
    }

    /** CPU of every thread but this one (which spins to pace the submits): the store's writer and helpers, the GC. */
    private static long storeCpuNanos() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return process - ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private void load(String name, StateStore store) throws StateStoreException {
        long start = System.nanoTime();
        List<StateRecord> all = store.load(Space.BINDING);
        out.printf("RESULT %s load of %d bindings: %d ms%n", name, all.size(), (System.nanoTime() - start) / 1_000_000);
    }

    private StateChange binding(int i, long expires) {
        StateKey id = new StateKey(Space.BINDING, aor(i), "urn:uuid:00000000-0000-4000-8000-" + String.format("%012d", i)
                + "#1");
        return new StateChange.Put(new StateRecord(id, value, expires));
    }

    private static String aor(int i) {
        return "sip:user" + i + "@bench.example.com";
    }

    private static void awaitWritten(StateStore store) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        store.whenWritten(done::countDown);
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not written within 120 s: " + store.health());
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static long usedMemory(String info) {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("state.db")).mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }
}

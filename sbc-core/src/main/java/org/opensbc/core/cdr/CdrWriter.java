package org.opensbc.core.cdr;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per call to the CDR file from its own thread, so a slow disk never holds
 * up signalling. If the queue overflows the record is dropped and counted (never blocks).
 */
public final class CdrWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    private static final CallRecord STOP = new CallRecord(java.time.Instant.EPOCH, null, java.time.Instant.EPOCH,
            "", "", "", 0, "", "", "");

    private final Path file;
    private final BlockingQueue<CallRecord> queue = new ArrayBlockingQueue<>(100_000);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;

    public CdrWriter(Path file) throws IOException {
        this.file = file;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        thread = new Thread(() -> drain(out), "cdr-writer");
        thread.setDaemon(true);
        thread.start();
    }

    public void write(CallRecord record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    private void drain(BufferedWriter out) {
        try (out) {
            while (true) {
                CallRecord r = queue.take();
                if (r == STOP) {
                    return;
                }
                out.write(r.toJson());
                out.write('\n');
                if (queue.isEmpty()) {
                    out.flush();
                }
                written.incrementAndGet();
            }
        } catch (IOException e) {
            LOG.error("CDR file {} cannot be written: {}", file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            if (queue.offer(STOP, 1, TimeUnit.SECONDS)) {
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

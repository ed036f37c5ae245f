package org.opensbc.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdrWriterTest {

    private static CallRecord call(String callId) {
        return new CallRecord(Instant.EPOCH, null, Instant.EPOCH.plusSeconds(1), "alice", "bob", "busy", 486,
                "gateway", callId, null);
    }

    @Test
    void everyCallFromManyThreadsIsOneLineOnceClosed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cdr/cdr.jsonl");
        CdrWriter writer = new CdrWriter(file);
        int threads = 4;
        int perThread = 2_500;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    writer.write(call(id + "-" + i));
                }
                done.countDown();
            }).start();
        }
        done.await();
        writer.close();

        List<String> lines = Files.readAllLines(file);
        assertEquals(threads * perThread, lines.size());
        Set<String> callIds = new HashSet<>();
        for (String line : lines) {
            assertTrue(line.startsWith("{\"start\":") && line.endsWith("}"), line);
            callIds.add(line.substring(line.indexOf("\"callerCallId\":")));
        }
        assertEquals(threads * perThread, callIds.size(), "each call exactly once");
        assertEquals(threads * perThread, writer.written());
        assertEquals(0, writer.dropped());
    }

    @Test
    void aLineIsOnDiskSoonAfterItsCallEndsWithoutClosing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cdr.jsonl");
        try (CdrWriter writer = new CdrWriter(file)) {
            writer.write(call("first"));
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (writer.written() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<String> lines = Files.readAllLines(file);
            assertEquals(1, lines.size(), "flushed after its batch, not held until close");
            assertTrue(lines.get(0).contains("\"callerCallId\":\"first\""));
        }
    }

    @Test
    void linesAreAppendedToAnExistingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cdr.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        try (CdrWriter writer = new CdrWriter(file)) {
            writer.write(call("later"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertEquals("{\"earlier\":true}", lines.get(0));
    }
}

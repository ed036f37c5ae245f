package org.opensbc.state.write;

import java.time.Duration;

/**
 * How the write-behind queue behaves.
 *
 * @param queueCapacity changes accepted and not yet written before {@code submit} says no
 * @param maxBatch      changes written in one transaction or pipeline at most
 * @param maintainEvery how often the sink's upkeep runs (purging expired rows)
 * @param closeWait     how long {@code close} waits for the queue to be written
 * @param maxBackoff    the longest pause between attempts while the store fails
 */
public record WriterSettings(int queueCapacity, int maxBatch, Duration maintainEvery, Duration closeWait,
        Duration maxBackoff) {

    public static WriterSettings defaults() {
        return new WriterSettings(100_000, 2_000, Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    public WriterSettings withQueueCapacity(int capacity) {
        return new WriterSettings(capacity, maxBatch, maintainEvery, closeWait, maxBackoff);
    }

    public WriterSettings withMaintainEvery(Duration every) {
        return new WriterSettings(queueCapacity, maxBatch, every, closeWait, maxBackoff);
    }
}

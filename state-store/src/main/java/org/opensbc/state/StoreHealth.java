package org.opensbc.state;

/**
 * What the writer reports.
 *
 * @param reachable   the last write or read reached the store
 * @param queued      changes waiting to be written
 * @param lagMillis   age of the oldest change not yet written (0: none waiting)
 * @param written     changes written since start
 * @param failures    write attempts that failed since start (each retried)
 * @param refused     changes refused because the queue was full
 */
public record StoreHealth(boolean reachable, int queued, long lagMillis, long written, long failures, long refused) { }

package org.opensbc.sip.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.opensbc.sip.RecordingLogger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Drops are logged as a summary: the first at once, then one line per interval with counts per source. */
class DropSummaryTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final RecordingLogger log = new RecordingLogger();
    private final DropSummary drops = new DropSummary(log, 10, 2, now::get);

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void theFirstDropIsLoggedAtOnceThenOneSummaryPerInterval() throws Exception {
        InetAddress flooder = ip("192.0.2.66");
        for (int i = 0; i < 100_000; i++) {
            drops.record(flooder, DropSummary.Reason.BANNED);
        }
        assertEquals(List.of("WARN dropping SIP messages: banned from 192.0.2.66; further drops are counted"
                + " (sbc_sip_* metrics) and summed up here at most every 10 s"), log.lines);
        now.addAndGet(9 * SECOND);
        drops.flush();
        assertEquals(1, log.lines.size(), "nothing before the interval is over");
        now.addAndGet(SECOND);
        drops.record(flooder, DropSummary.Reason.BANNED); // a drop past the interval writes the summary
        assertEquals(2, log.lines.size(), log.lines.toString());
        assertEquals("WARN dropped 100001 SIP messages in the last 10 s: banned 100001; by source: 192.0.2.66 100001",
                log.lines.get(1));
    }

    @Test
    void aSummaryNamesTheBusiestSourcesAndTheReasons() throws Exception {
        drops.record(ip("192.0.2.1"), DropSummary.Reason.BLOCKED); // the first: logged at once
        for (int i = 0; i < 30; i++) {
            drops.record(ip("192.0.2.2"), DropSummary.Reason.BANNED);
        }
        for (int i = 0; i < 20; i++) {
            drops.record(ip("2001:db8::3"), DropSummary.Reason.SHED);
        }
        for (int i = 0; i < 5; i++) {
            drops.record(ip("192.0.2.4"), DropSummary.Reason.EXPIRED);
        }
        now.addAndGet(10 * SECOND);
        drops.flush();
        assertEquals("WARN dropped 56 SIP messages in the last 10 s: banned 30, blocked 1, queue full 20,"
                + " too long in the queue 5; by source: 192.0.2.2 30, 2001:db8:0:0:0:0:0:3 20, other sources 6",
                log.lines.get(1));
    }

    @Test
    void afterAQuietIntervalTheNextDropIsLoggedAtOnceAgain() throws Exception {
        drops.record(ip("192.0.2.1"), DropSummary.Reason.BANNED);
        now.addAndGet(10 * SECOND);
        drops.flush(); // the summary of the first interval
        now.addAndGet(10 * SECOND);
        drops.flush(); // an interval without drops: quiet
        assertEquals(2, log.lines.size());
        now.addAndGet(60 * SECOND);
        drops.record(ip("192.0.2.9"), DropSummary.Reason.BLOCKED);
        assertEquals(3, log.lines.size());
        assertTrue(log.lines.get(2).startsWith("WARN dropping SIP messages: blocked from 192.0.2.9"), log.lines.get(2));
    }

    @Test
    void aSpoofedFloodCostsBoundedMemory() throws Exception {
        drops.record(ip("10.0.0.0"), DropSummary.Reason.BANNED);
        for (int i = 1; i <= 3 * DropSummary.MAX_SOURCES; i++) {
            drops.record(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), DropSummary.Reason.BANNED);
        }
        now.addAndGet(10 * SECOND);
        drops.flush();
        String summary = log.lines.get(1);
        assertTrue(summary.startsWith("WARN dropped " + (3 * DropSummary.MAX_SOURCES + 1) + " SIP messages"), summary);
        assertTrue(summary.endsWith("other sources " + (3 * DropSummary.MAX_SOURCES - 1)), summary);
    }
}

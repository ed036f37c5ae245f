package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * One source floods REGISTER (SIPp from 127.0.0.66 at {@value #RATE}/s for {@value #SECONDS} s,
 * bounded in count and time) while a phone (SIPp from 127.0.0.67, digest) registers twice a
 * second: the phone must keep every registration, the flood must be banned and then answered
 * at most once a second, and the log must not grow with the flood (it once took one line per
 * dropped request; 30,322 in 10 s). One flood serves every test here: they read its results.
 */
@Timeout(180)
class FloodSippIT {

    static final int RATE = 8000;
    static final int SECONDS = 12;
    private static final int BURST = 40;
    private static final int PHONE_REGISTRATIONS = 2 * (SECONDS - 2);

    private static TestGateway gw;
    private static final CountingAppender LOG = new CountingAppender();
    private static Sipp.Result phone;
    private static Sipp.Result flood;
    private static int linesDuringFlood;
    private static double floodSeconds;

    /** Counts every log line of the gateway's process and keeps the first ones. */
    static final class CountingAppender extends AppenderBase<ILoggingEvent> {
        final AtomicInteger lines = new AtomicInteger();
        final ConcurrentLinkedQueue<String> kept = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (lines.incrementAndGet() <= 200) {
                kept.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage());
            }
        }

        List<String> matching(String regex) {
            return kept.stream().filter(l -> l.matches("(?s).*" + regex + ".*")).toList();
        }
    }

    @BeforeAll
    static void floodWhileThePhoneRegisters() throws Exception {
        gw = TestGateway.start("", "", Map.of("acl.yaml",
                "rateLimit: { requestsPerSecond: 20, burst: %d, banSeconds: 60 }\n".formatted(BURST)));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LOG.setContext(root.getLoggerContext());
        LOG.start();
        root.addAppender(LOG);
        try {
            long start = System.nanoTime();
            Sipp.Running floodRun = Sipp.startLoad("register-flood.xml", "127.0.0.1:" + gw.sipPort, "127.0.0.66",
                    TestGateway.freeUdpAndTcpPort(), "-r", Integer.toString(RATE), "-m", Integer.toString(RATE * SECONDS),
                    "-l", Integer.toString(RATE), "-buff_size", "4194304", "-timeout", (SECONDS + 30) + "s");
            Thread.sleep(1000); // the flood is on, and banned
            phone = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.67",
                    TestGateway.freeUdpAndTcpPort(), List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD)),
                    "-r", "2", "-m", Integer.toString(PHONE_REGISTRATIONS)).await(SECONDS + 30);
            flood = floodRun.await(SECONDS + 40);
            floodSeconds = (System.nanoTime() - start) / 1e9;
            linesDuringFlood = LOG.lines.get();
            // the summary of the flood's last interval comes at most 10 s after it (1 s checks)
            long deadline = System.nanoTime() + 12_000_000_000L;
            while (LOG.matching("dropped \\d+ SIP messages").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            root.detachAppender(LOG);
        }
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void thePhoneKeepsEveryRegistration() {
        assertEquals(0, phone.exitCode(), "every registration during the flood: " + phone.output());
        assertEquals(PHONE_REGISTRATIONS, successful(phone.output()), phone.output());
        // Answered before the phone's first retransmission (500 ms), but for a hiccup: with the
        // flood queued in front of it, its 40 REGISTERs took 71 retransmissions.
        int retransmitted = retransmissions(phone.output(), "REGISTER ---------->");
        assertTrue(retransmitted <= 2 * PHONE_REGISTRATIONS / 10, retransmitted + " retransmissions: " + phone.output());
    }

    @Test
    void theFloodIsBannedAndThenAnsweredAtMostOnceASecond() throws Exception {
        String out = flood.output();
        int sent = count(out, "REGISTER ---------->");
        assertTrue(sent >= RATE * SECONDS * 9 / 10, "the flood ran: " + out);
        int challenged = count(out, "401 <----------");
        int refused = count(out, "503 <----------");
        int late = deadCallMessages(out); // answers that came after the 200 ms the scenario waits
        // before the ban: the burst, and what the bucket refilled while it was read
        assertTrue(challenged <= BURST + 10, "401s to the flood: " + challenged + "\n" + out);
        assertTrue(refused >= SECONDS / 2, "a banned source is told to come back later: " + refused + "\n" + out);
        assertTrue(refused + late <= floodSeconds + 2, "at most one 503 a second: " + refused + " + " + late
                + " late in " + floodSeconds + " s\n" + out);
        assertTrue(gw.metric("sbc_acl_rate_answers_total") <= floodSeconds + 2);
        assertEquals(1.0, gw.metric("sbc_acl_rate_banned_sources"));
    }

    @Test
    void dropsAreCountedAndSummedUpNotLoggedOneByOne() throws Exception {
        assertTrue(linesDuringFlood <= 20, linesDuringFlood + " log lines during a flood of " + RATE * SECONDS
                + " requests; the first: " + LOG.kept);
        double unread = gw.metric("sbc_sip_blocked_unread_total");
        assertTrue(unread >= RATE * SECONDS * 9 / 10, "dropped before parsing: " + unread);
        assertTrue(gw.metric("sbc_sip_blocked_total") >= unread);
        assertTrue(gw.metric("sbc_acl_rate_limited_total") >= unread - 100);
        assertEquals(1, LOG.matching("dropping SIP messages: banned from 127\\.0\\.0\\.66").size(),
                "the first drop, at once: " + LOG.kept);
        List<String> summaries = LOG.matching("dropped \\d+ SIP messages in the last \\d+ s: banned \\d+.*"
                + "by source: 127\\.0\\.0\\.66 \\d+");
        assertTrue(!summaries.isEmpty() && summaries.size() <= 2, "one summary per 10 s: " + LOG.kept);
    }

    /** A message's count on SIPp's final screen ("401 <----------  17  0 ..."). */
    private static int count(String sippOutput, String message) {
        Matcher m = Pattern.compile(Pattern.quote(message) + "\\s+(\\d+)").matcher(sippOutput);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1)); // screens repeat: the last is the final one
        }
        return last;
    }

    /** Retransmissions of a message, all its lines on SIPp's last scenario screen. */
    private static int retransmissions(String sippOutput, String message) {
        String last = sippOutput.substring(Math.max(0, sippOutput.lastIndexOf("Scenario Screen")));
        Matcher m = Pattern.compile(Pattern.quote(message) + "\\s+\\d+\\s+(\\d+)").matcher(last);
        int sum = 0;
        while (m.find()) {
            sum += Integer.parseInt(m.group(1));
        }
        return sum;
    }

    private static int deadCallMessages(String sippOutput) {
        Matcher m = Pattern.compile("(\\d+) dead call msg").matcher(sippOutput);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    private static int successful(String sippOutput) {
        Matcher m = Pattern.compile("Successful call\\s+\\|\\s+\\d+\\s+\\|\\s+(\\d+)").matcher(sippOutput);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}

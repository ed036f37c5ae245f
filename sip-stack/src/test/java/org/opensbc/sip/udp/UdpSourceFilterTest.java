package org.opensbc.sip.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.sip.ListeningPoint;
import javax.sip.SipStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.RecordingCounters;
import org.opensbc.sip.RecordingLogger;
import org.opensbc.sip.SipStackFactory;
import org.opensbc.sip.SipStackSettings;
import org.opensbc.sip.admission.DropSummary;
import org.opensbc.sip.admission.AccessStage;
import org.opensbc.sip.admission.SourceFilter;

/** The UDP reader asks the source filter before anything else: a dropped source's datagrams are never parsed. */
class UdpSourceFilterTest {

    private static final String BAD = "NOT SIP AT ALL\r\n\r\n";

    private final AtomicInteger looked = new AtomicInteger();
    private final RecordingLogger log = new RecordingLogger();
    private final RecordingCounters counters = new RecordingCounters();
    private SipStack stack;

    private final SourceFilter filter = source -> {
        looked.incrementAndGet();
        return switch (source.getHostAddress()) {
            case "127.0.0.66" -> SourceFilter.Admission.DROP;
            case "127.0.0.68" -> SourceFilter.Admission.SHARED;
            default -> SourceFilter.Admission.ADMIT;
        };
    };

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.stop();
        }
    }

    private int listen() throws Exception {
        stack = SipStackFactory.create(new SipStackSettings("filter-test", 16384, 2, 1000, null, null), Map.of(), f -> { },
                counters, AccessStage.OPEN, filter, new DropSummary(log, 10, 5, System::nanoTime));
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ListeningPoint lp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
        stack.createSipProvider(lp);
        stack.start();
        return port;
    }

    private static void send(String from, int port, String text) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0))) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
        }
    }

    private static void await(IntSupplier value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (value.getAsInt() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsInt());
    }

    @Test
    void aDroppedSourceIsNeverParsedOthersAre() throws Exception {
        int port = listen();
        for (int i = 0; i < 50; i++) {
            send("127.0.0.66", port, BAD);
        }
        await(counters.blockedUnread::get, 50);
        assertEquals(50, counters.blocked.get());
        send("127.0.0.67", port, BAD); // within its rate: read and parsed (and found malformed)
        await(counters.malformed::get, 1);
        send("127.0.0.68", port, BAD); // over its rate: read too, behind the others
        await(counters.malformed::get, 2);
        assertEquals(1, counters.overRate.get());
        assertEquals(52, looked.get(), "one look per datagram");
        Map<String, Integer> expected = Map.of("access Drop", 50, "size-grammar Reply", 2);
        assertEquals(expected, counters.awaitDecisions(expected), "which stage decided what");
        assertEquals(1, log.lines.size(), "one line for 50 drops: " + log.lines);
        assertTrue(log.lines.get(0).contains("banned from 127.0.0.66"), log.lines.get(0));
    }
}

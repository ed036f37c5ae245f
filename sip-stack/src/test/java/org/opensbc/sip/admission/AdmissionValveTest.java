package org.opensbc.sip.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sip.ListeningPoint;
import javax.sip.SipStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.RecordingCounters;
import org.opensbc.sip.RecordingLogger;
import org.opensbc.sip.SipStackFactory;
import org.opensbc.sip.SipStackSettings;
import org.opensbc.sip.pipeline.StageResult;
import org.opensbc.sip.pipeline.StageResult.Reply;

/**
 * The admission valve on a real stack over loopback UDP: the size/grammar stage decides before an
 * access refusal, a source the access stage drops gets nothing at all, an access refusal is answered with the headers it needs, a drop and any answer to
 * an ACK stay silent. Silence is shown by order: the silent request is sent first, and the first
 * answer that comes back is the next request's.
 */
class AdmissionValveTest {

    /**
     * 127.0.0.67: a method the ACL refuses; .68: banned for its rate (503); .69: dropped by the ACL;
     * .71: banned, dropped (a request read before its source's ban, parsed after it).
     */
    private static final AccessStage ACCESS = (source, transport, method, inDialog, agent) -> switch (source) {
        case "127.0.0.67" -> "SUBSCRIBE".equals(method) ? Reply.methodNotAllowed(List.of("INVITE", "ACK"))
                : StageResult.CONTINUE;
        case "127.0.0.68" -> Reply.serviceUnavailable(null, 7);
        case "127.0.0.69" -> StageResult.DROP;
        case "127.0.0.71" -> StageResult.BANNED;
        default -> StageResult.CONTINUE;
    };

    private final RecordingCounters counters = new RecordingCounters();
    private final RecordingLogger dropLog = new RecordingLogger();
    private SipStack stack;
    private int port;

    @BeforeEach
    void listen() throws Exception {
        stack = SipStackFactory.create(new SipStackSettings("valve-test", 16384, 2, 1000, null, null), Map.of(), f -> { },
                counters, ACCESS, SourceFilter.OPEN, new DropSummary(dropLog, 10, 5, System::nanoTime));
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        stack.createSipProvider(stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP));
        stack.start();
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    /** Over the 16 KiB limit of the stack under test. */
    private static final String PADDING = "X-Padding: " + "x".repeat(17_000) + "\r\n";

    private static String request(String method, int cseq, String version, int localPort) {
        String[] padded = method.split("\\+");
        return padded[0] + " sip:bob@127.0.0.1 " + version + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + method + cseq + "\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: valve-" + cseq + "@example.com\r\n"
                + "CSeq: " + cseq + " " + padded[0] + "\r\n"
                + "Max-Forwards: 70\r\n"
                + (padded.length > 1 ? PADDING : "")
                + "Content-Length: 0\r\n\r\n";
    }

    /** Sends each request from {@code from} and returns the first answer that comes back. */
    private String firstAnswer(String from, String... methodsAndVersions) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            socket.setSoTimeout(5000);
            int cseq = 1;
            for (String what : methodsAndVersions) {
                String[] parts = what.split(" ");
                byte[] bytes = request(parts[0], cseq++, parts[1], socket.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
            }
            DatagramPacket answer = new DatagramPacket(new byte[65_535], 65_535);
            socket.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aMethodTheSourceMayNotSendIs405WithAllow() throws Exception {
        String answer = firstAnswer("127.0.0.67", "SUBSCRIBE SIP/2.0");
        assertTrue(answer.startsWith("SIP/2.0 405 "), answer);
        assertTrue(answer.contains("\r\nAllow: INVITE,ACK\r\n"), answer);
        assertEquals(Map.of("access Reply", 1), counters.decisions);
    }

    @Test
    void aRateBannedSourceIsToldWhenToComeBackButAnAckNever() throws Exception {
        String answer = firstAnswer("127.0.0.68", "ACK SIP/2.0", "OPTIONS SIP/2.0");
        assertTrue(answer.startsWith("SIP/2.0 503 "), answer);
        assertTrue(answer.contains("\r\nCSeq: 2 OPTIONS\r\n"), "the ACK got no answer: " + answer);
        assertTrue(answer.contains("\r\nRetry-After: 7\r\n"), answer);
    }

    @Test
    void sizeAndGrammarDecideBeforeAnAccessRefusal() throws Exception {
        String answer = firstAnswer("127.0.0.67", "SUBSCRIBE SIP/3.0");
        assertTrue(answer.startsWith("SIP/2.0 505 Version Not Supported"), answer);
        assertEquals(Map.of("size-grammar Reply", 1), counters.decisions);
    }

    @Test
    void aSourceTheAccessStageDropsLearnsNothingNotEvenOfAWrongVersionOrSize() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.69", 0))) {
            socket.setSoTimeout(1500);
            int cseq = 1;
            for (String what : new String[] {"OPTIONS SIP/3.0", "OPTIONS+padded SIP/2.0", "OPTIONS SIP/2.0"}) {
                String[] parts = what.split(" ");
                byte[] bytes = request(parts[0], cseq++, parts[1], socket.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
            }
            DatagramPacket answer = new DatagramPacket(new byte[65_535], 65_535);
            assertThrows(SocketTimeoutException.class, () -> socket.receive(answer),
                    () -> "answered: " + new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII));
        }
        Map<String, Integer> expected = Map.of("access Drop", 3);
        assertEquals(expected, counters.awaitDecisions(expected));
    }

    @Test
    void aRequestOfABannedSourceIsLoggedAsBannedNotBlocked() throws Exception {
        send("127.0.0.71", "OPTIONS SIP/2.0");
        Map<String, Integer> expected = Map.of("access Drop", 1);
        assertEquals(expected, counters.awaitDecisions(expected));
        // a flood's requests read before its ban and parsed after it are the ban's drops, not the ACL's
        assertEquals(1, dropLog.lines.size(), dropLog.lines.toString());
        assertTrue(dropLog.lines.get(0).contains("dropping SIP messages: banned from 127.0.0.71"), dropLog.lines.get(0));
    }

    private void send(String from, String what) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            String[] parts = what.split(" ");
            byte[] bytes = request(parts[0], 1, parts[1], socket.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
        }
    }

    @Test
    void overTheSizeLimitIs513And413ForAMessage() throws Exception {
        assertTrue(firstAnswer("127.0.0.70", "OPTIONS+padded SIP/2.0").startsWith("SIP/2.0 513 "));
        assertTrue(firstAnswer("127.0.0.70", "MESSAGE+padded SIP/2.0").startsWith("SIP/2.0 413 "), "RFC 3428 7");
        assertEquals(Map.of("size-grammar Reply", 2), counters.decisions);
    }
}

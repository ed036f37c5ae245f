package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RFC 4475 torture messages, byte-exact, through the real UDP listener. Valid messages
 * (section 3.1.1) must be processed: a final answer other than 400. Invalid ones (3.1.2) must get
 * 400 or be dropped. The rest (transaction and application layer, 3.2-3.4) may get any answer or
 * none. After every message the gateway must still answer an OPTIONS from another client.
 */
@Timeout(180)
class TortureMessagesIT {

    static final List<String> VALID = List.of("wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp",
            "longreq", "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason");
    static final List<String> INVALID = List.of("badinv01", "clerr", "ncl", "scalar02", "scalarlg", "quotbal",
            "ltgtruri", "lwsruri", "lwsstart", "trws", "escruri", "baddate", "regbadct", "badaspec", "baddn",
            "badvers", "mismatch01", "mismatch02", "bigcode");
    static final List<String> OTHER = List.of("badbranch", "insuf", "unkscm", "novelsc", "unksm2", "bext01",
            "invut", "regaut01", "multi01", "mcl01", "bcast", "zeromf", "cparam01", "cparam02", "regescrt",
            "sdp01", "inv2543");
    /** Responses in the corpus: never answered; the valid ones must parse (not counted as malformed). */
    static final Set<String> RESPONSES = Set.of("unreason", "noreason", "bigcode");

    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static byte[] message(String name) throws Exception {
        try (InputStream in = TortureMessagesIT.class.getResourceAsStream("/corpus/rfc4475/" + name + ".dat")) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /**
     * Sends one message from a fresh socket over the transport its top Via names (a response to a
     * Via of TCP goes back over TCP); returns the first non-100 answer's status line, or null.
     */
    private static String answer(String name) throws Exception {
        byte[] bytes = message(name);
        String r;
        if (topViaTransport(bytes).equals("TCP")) {
            try (TcpPeer peer = new TcpPeer("127.0.0.9", gw.sipPort)) {
                peer.send(bytes);
                r = peer.finalResponse(1500);
            }
        } else {
            try (UdpPeer peer = new UdpPeer("127.0.0.9", gw.sipPort)) {
                peer.send(bytes);
                r = peer.finalResponse(1500);
            }
        }
        return r == null ? null : r.lines().findFirst().orElse(r);
    }

    static String topViaTransport(byte[] message) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?im)^(?:Via|v)\\s*:\\s*SIP\\s*/\\s*[0-9.]+\\s*/\\s*([A-Za-z]+)")
                .matcher(new String(message, java.nio.charset.StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1).toUpperCase(java.util.Locale.ROOT) : "UDP";
    }

    private static void assertAlive(String after) throws Exception {
        try (UdpPeer probe = new UdpPeer("127.0.0.10", gw.sipPort)) {
            probe.send(probe.options("alive-" + after + "-" + System.nanoTime()));
            String r = probe.finalResponse(3000);
            assertTrue(r != null && r.startsWith("SIP/2.0 200"), "no 200 to OPTIONS after " + after + ": " + r);
        }
    }

    @Test
    void everyTortureMessageGetsTheRightKindOfAnswer() throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        StringBuilder failures = new StringBuilder();
        for (String name : VALID) {
            double malformedBefore = gw.metric("sbc_sip_malformed_total");
            String status = answer(name);
            outcomes.put(name, status);
            if (RESPONSES.contains(name)) {
                if (status != null || gw.metric("sbc_sip_malformed_total") != malformedBefore) {
                    failures.append("valid response ").append(name).append(" not parsed quietly: ").append(status).append('\n');
                }
            } else if (status == null || status.startsWith("SIP/2.0 400")) {
                failures.append("valid ").append(name).append(" not processed: ").append(status).append('\n');
            }
            assertAlive(name);
        }
        for (String name : INVALID) {
            String status = answer(name);
            outcomes.put(name, status);
            boolean ok = RESPONSES.contains(name) ? status == null
                    : name.equals("badvers") ? status != null && status.startsWith("SIP/2.0 505") // RFC 4475 3.1.2.16
                    : status == null || status.startsWith("SIP/2.0 400");
            if (!ok) {
                failures.append("invalid ").append(name).append(" answered: ").append(status).append('\n');
            }
            assertAlive(name);
        }
        for (String name : OTHER) {
            outcomes.put(name, answer(name));
            assertAlive(name);
        }
        outcomes.forEach((k, v) -> System.out.printf("rfc4475 %-10s -> %s%n", k, v));
        assertTrue(failures.length() == 0, failures.toString());
        assertTrue(gw.metric("sbc_sip_malformed_total") > 0, "parse failures must be counted");
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 3261 8.2.6.2: every final response the gateway makes itself carries a To tag when the
 * request had none, whichever part of it answers (the guard in front of the stack, the registrar,
 * the dispatcher), and a request sent again gets the same tag.
 */
@Timeout(60)
class GatewayRepliesIT {

    private static final Pattern TO_TAG = Pattern.compile("(?mi)^(?:To|t): [^\\r\\n]*;tag=([^;\\r\\n]+)");
    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static String request(UdpPeer peer, String method, String version, String callId) {
        return method + " sip:bob@127.0.0.1:" + gw.sipPort + " " + version + "\r\n"
                + "Via: SIP/2.0/UDP " + peer.ip() + ":" + peer.port() + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=f" + callId + "\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** Sends {@code message} twice; both answers must have the same status and the same To tag. */
    private static String answeredWithTag(UdpPeer peer, String message, String status) throws Exception {
        peer.send(message);
        String first = peer.finalResponse(3000);
        assertNotNull(first, "no answer to " + message);
        assertTrue(first.startsWith("SIP/2.0 " + status), first);
        Matcher tag = TO_TAG.matcher(first);
        assertTrue(tag.find(), "a final response without To tag:\n" + first);
        Thread.sleep(500); // a UA retransmits after T1; a copy right on the heels of the answer may be absorbed
        peer.send(message);
        String again = peer.finalResponse(3000);
        assertNotNull(again, "no answer to the retransmission");
        Matcher same = TO_TAG.matcher(again);
        assertTrue(same.find(), again);
        assertEquals(tag.group(1), same.group(1), "a retransmission gets the same tag");
        return first;
    }

    @Test
    void everyFinalResponseOfTheGatewayHasAToTag() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.31", gw.sipPort)) {
            answeredWithTag(peer, peer.options("tag-options"), "200");
            answeredWithTag(peer, peer.register("alice", "tag-register", 1, null), "401");
            answeredWithTag(peer, request(peer, "BYE", "SIP/2.0", "tag-bye"), "481");
            answeredWithTag(peer, request(peer, "INVITE", "SIP/2.0", "tag-invite"), "407");
            answeredWithTag(peer, request(peer, "PUBLISH", "SIP/2.0", "tag-publish"), "501");
            answeredWithTag(peer, request(peer, "OPTIONS", "SIP/3.0", "tag-version"), "505");
        }
    }
}

package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 5626 (outbound) as the gateway advertises it: a REGISTER asking for it gets Require:
 * outbound and a Flow-Timer, an instance with two flows is called on its newest one only, and
 * when that flow goes the next call takes the other.
 */
@Timeout(90)
class OutboundIT {

    private static final String INSTANCE = "<urn:uuid:00000000-0000-4000-8000-00000000b0b1>";
    private static TestGateway gw;
    private static String uri;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.start();
        uri = "sip:127.0.0.1:" + gw.sipPort;
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** bob registers this socket as flow {@code regId} of his one instance; the 200. */
    private static String registerFlow(UdpPeer flow, int regId, int expires) throws Exception {
        String callId = "ob-" + regId + "-" + expires;
        String challenge = send(flow, register(flow, callId, 1, regId, expires, null));
        String auth = DigestClient.authorization("bob", TestGateway.BOB_PASSWORD, DigestClient.nonce(challenge), uri, 1);
        return send(flow, register(flow, callId, 2, regId, expires, auth));
    }

    private static String register(UdpPeer flow, String callId, int cseq, int regId, int expires, String auth) {
        return flow.register("bob", callId, cseq, auth)
                .replace("Contact: <sip:bob@" + flow.ip() + ":" + flow.port() + ">",
                        "Supported: outbound, path\r\nContact: <sip:bob@" + flow.ip() + ":" + flow.port()
                                + ";ob>;+sip.instance=\"" + INSTANCE + "\";reg-id=" + regId)
                .replace("Expires: 300", "Expires: " + expires);
    }

    private static String send(UdpPeer peer, String message) throws Exception {
        peer.send(message);
        String answer = peer.finalResponse(3000);
        assertNotNull(answer, "no answer to " + message);
        return answer;
    }

    @Test
    void theNewestFlowOfAnInstanceIsCalledAndTheOtherTakesOverWhenItGoes() throws Exception {
        try (UdpPeer first = new UdpPeer("127.0.0.41", gw.sipPort); UdpPeer second = new UdpPeer("127.0.0.42", gw.sipPort);
                UdpPeer alice = new UdpPeer("127.0.0.43", gw.sipPort); UdpPeer alice2 = new UdpPeer("127.0.0.43", gw.sipPort)) {
            String ok = registerFlow(first, 1, 300);
            assertTrue(ok.startsWith("SIP/2.0 200"), ok);
            assertTrue(ok.contains("Require: outbound") && ok.contains("Flow-Timer: 25"), "outbound granted: " + ok);
            Thread.sleep(20);
            assertTrue(registerFlow(second, 2, 300).startsWith("SIP/2.0 200"));

            call(alice, "ob-call-1");
            assertNotNull(awaitInvite(second), "the newest flow is called");
            assertNull(awaitInvite(first), "one flow per instance, not a fork to both");

            assertTrue(registerFlow(second, 2, 0).startsWith("SIP/2.0 200"), "the newest flow goes");
            call(alice2, "ob-call-2"); // a socket of its own: the first call's 486 may still come to the other
            assertNotNull(awaitInvite(first), "the spare flow takes over");
        }
        gw.awaitCallsReleased();
    }

    /** alice calls bob, authenticated; the call is left to fail (nobody answers, the test moves on). */
    private static void call(UdpPeer alice, String callId) throws Exception {
        String invite = invite(alice, callId, 1, null);
        String challenge = send(alice, invite);
        String auth = DigestClient.authorization("INVITE", "alice", TestGateway.ALICE_PASSWORD,
                DigestClient.nonce(challenge), "sip:bob@127.0.0.1", 1);
        alice.send(invite(alice, callId, 2, auth));
    }

    private static String invite(UdpPeer peer, String callId, int cseq, String auth) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 " + peer.ip() + "\r\ns=-\r\nc=IN IP4 " + peer.ip()
                + "\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        return "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + peer.ip() + ":" + peer.port() + ";branch=z9hG4bK" + callId + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=" + callId + "\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " INVITE\r\n"
                + "Contact: <sip:alice@" + peer.ip() + ":" + peer.port() + ">\r\n"
                + (auth == null ? "" : "Proxy-Authorization: " + auth + "\r\n")
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    /** The INVITE this flow gets within 2 s (answered 486 so the call ends), or null. */
    private static String awaitInvite(UdpPeer flow) throws Exception {
        long end = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < end) {
            String m = flow.receive(200);
            if (m != null && m.startsWith("INVITE ")) {
                flow.send(busy(m));
                return m;
            }
        }
        return null;
    }

    private static String busy(String invite) {
        StringBuilder r = new StringBuilder("SIP/2.0 486 Busy Here\r\n");
        for (String line : invite.split("\r\n")) {
            if (line.startsWith("Via:") || line.startsWith("From:") || line.startsWith("Call-ID:") || line.startsWith("CSeq:")) {
                r.append(line).append("\r\n");
            } else if (line.startsWith("To:")) {
                r.append(line).append(";tag=busy\r\n");
            }
        }
        return r.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** RFC 5626 4.4.2: a UDP flow's STUN keepalive to the SIP port gets a binding success naming its source. */
    @Test
    void stunKeepalivesOnTheSipPortAreAnswered() throws Exception {
        try (java.net.DatagramSocket flow = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.44", 0))) {
            flow.setSoTimeout(3000);
            byte[] request = java.util.HexFormat.of().parseHex("000100002112a442000102030405060708090a0b");
            flow.send(new java.net.DatagramPacket(request, request.length,
                    new java.net.InetSocketAddress("127.0.0.1", gw.sipPort)));
            java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[128], 128);
            flow.receive(answer);
            byte[] got = java.util.Arrays.copyOf(answer.getData(), answer.getLength());
            assertEquals(32, got.length);
            assertEquals(0x0101, ((got[0] & 0xFF) << 8) | (got[1] & 0xFF), "binding success");
            int port = (((got[26] & 0xFF) << 8) | (got[27] & 0xFF)) ^ 0x2112;
            assertEquals(flow.getLocalPort(), port, "the flow's own port, as the gateway saw it");
            assertEquals(127 ^ 0x21, got[28] & 0xFF);
            assertEquals(44 ^ 0x42, got[31] & 0xFF);
        }
    }
}

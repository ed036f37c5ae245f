package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registrar rules and abuse handling over the real UDP/TCP listeners with raw sockets:
 * nonce-count replay, 423 with Min-Expires, several contacts, "*" removal, identical challenges
 * for known and unknown users, 20 KB messages, and a bad-password flood that ends in a ban.
 */
@Timeout(120)
class RegistrarRulesIT {

    private static TestGateway gw;
    private static String uri;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.start("auth: { banAfterFailures: 5, failureWindowSeconds: 60, banSeconds: 120 }");
        uri = "sip:127.0.0.1:" + gw.sipPort;
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** REGISTER once for a challenge, then with credentials; returns the final answer. */
    private static String register(UdpPeer peer, String user, String password, String callId, String extraHeaders)
            throws Exception {
        String challenge = send(peer, peer.register(user, callId, 1, null), extraHeaders);
        assertEquals("SIP/2.0 401 Unauthorized", DigestClient.status(challenge));
        String auth = DigestClient.authorization(user, password, DigestClient.nonce(challenge), uri, 1);
        return send(peer, peer.register(user, callId, 2, auth), extraHeaders);
    }

    private static String send(UdpPeer peer, String message, String extraHeaders) throws Exception {
        String m = extraHeaders.isEmpty() ? message
                : message.replace("Content-Length: 0\r\n", extraHeaders + "Content-Length: 0\r\n");
        peer.send(m);
        return peer.finalResponse(3000);
    }

    @Test
    void nonceCountReplayIsRefusedAndAHigherCountAccepted() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.11", gw.sipPort)) {
            String challenge = send(peer, peer.register("alice", "replay-1", 1, null), "");
            String nonce = DigestClient.nonce(challenge);
            String auth1 = DigestClient.authorization("alice", TestGateway.ALICE_PASSWORD, nonce, uri, 1);
            assertEquals("SIP/2.0 200 OK", DigestClient.status(send(peer, peer.register("alice", "replay-1", 2, auth1), "")));
            assertEquals("SIP/2.0 401 Unauthorized",
                    DigestClient.status(send(peer, peer.register("alice", "replay-1", 3, auth1), "")), "replayed nc");
            String auth2 = DigestClient.authorization("alice", TestGateway.ALICE_PASSWORD, nonce, uri, 2);
            assertEquals("SIP/2.0 200 OK", DigestClient.status(send(peer, peer.register("alice", "replay-1", 4, auth2), "")));
        }
    }

    /** alice's challenge and authenticated REGISTER, both with the given Expires header. */
    private static String registerAliceExpiring(UdpPeer peer, String callId, int expires) throws Exception {
        String header = "Expires: " + expires;
        String challenge = send(peer, peer.register("alice", callId, 1, null).replace("Expires: 300", header), "");
        String auth = DigestClient.authorization("alice", TestGateway.ALICE_PASSWORD, DigestClient.nonce(challenge), uri, 1);
        return send(peer, peer.register("alice", callId, 2, auth).replace("Expires: 300", header), "");
    }

    @Test
    void tooBriefIntervalGets423WithMinExpires() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.12", gw.sipPort)) {
            String answer = registerAliceExpiring(peer, "brief-1", 10);
            assertTrue(DigestClient.status(answer).startsWith("SIP/2.0 423 "), answer);
            assertTrue(answer.contains("Min-Expires: 60"), answer);
        }
    }

    @Test
    void severalContactsThenStarRemovesThemAll() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.13", gw.sipPort)) {
            String two = register(peer, "bob", TestGateway.BOB_PASSWORD, "multi-1",
                    "Contact: <sip:bob@127.0.0.13:7000>;expires=600\r\n");
            assertEquals("SIP/2.0 200 OK", DigestClient.status(two));
            assertTrue(two.contains("sip:bob@127.0.0.13:7000") && two.contains("sip:bob@127.0.0.13:" + peer.port()), two);
            assertTrue(two.contains("expires=600") || two.contains("expires=599"), "Expires param clamps nothing here: " + two);
            String star = "REGISTER " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.13:" + peer.port()
                    + ";branch=z9hG4bKstar1;rport\r\nMax-Forwards: 70\r\nFrom: <sip:bob@127.0.0.1>;tag=s1\r\n"
                    + "To: <sip:bob@127.0.0.1>\r\nCall-ID: multi-2\r\nCSeq: 1 REGISTER\r\nContact: *\r\nExpires: 0\r\n"
                    + "Content-Length: 0\r\n\r\n";
            String challenge = send(peer, star, "");
            String auth = DigestClient.authorization("bob", TestGateway.BOB_PASSWORD, DigestClient.nonce(challenge), uri, 1);
            String removed = send(peer, star.replace("CSeq: 1", "CSeq: 2").replace("z9hG4bKstar1", "z9hG4bKstar2")
                    .replace("Expires: 0\r\n", "Expires: 0\r\nAuthorization: " + auth + "\r\n"), "");
            assertEquals("SIP/2.0 200 OK", DigestClient.status(removed));
            assertTrue(!removed.contains("Contact:"), removed);
            assertTrue(!gw.admin("/registrations").contains("bob@127.0.0.1"));
        }
    }

    @Test
    void maxExpiresIsClamped() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.14", gw.sipPort)) {
            String ok = registerAliceExpiring(peer, "clamp-1", 999_999);
            assertEquals("SIP/2.0 200 OK", DigestClient.status(ok));
            assertTrue(ok.contains(";expires=3600") || ok.contains(";expires=3599"), ok);
        }
    }

    @Test
    void knownAndUnknownUsersGetTheSameChallenge() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.15", gw.sipPort)) {
            String known = send(peer, peer.register("alice", "enum-1", 1, null), "");
            String unknown = send(peer, peer.register("nosuchuser", "enum-2", 1, null), "");
            assertEquals(DigestClient.status(known), DigestClient.status(unknown));
            assertEquals(challengeShape(known), challengeShape(unknown));
            String wrongKnown = send(peer, peer.register("alice", "enum-1", 2,
                    DigestClient.authorization("alice", "bad-password", DigestClient.nonce(known), uri, 1)), "");
            String wrongUnknown = send(peer, peer.register("nosuchuser", "enum-2", 2,
                    DigestClient.authorization("nosuchuser", "bad-password", DigestClient.nonce(unknown), uri, 1)), "");
            assertEquals("SIP/2.0 403 Forbidden", DigestClient.status(wrongKnown), wrongKnown);
            assertEquals(DigestClient.status(wrongKnown), DigestClient.status(wrongUnknown));
            assertTrue(!wrongKnown.contains("WWW-Authenticate") && !wrongUnknown.contains("WWW-Authenticate"),
                    "no new challenge to answer in a loop");
        }
    }

    private static String challengeShape(String response) {
        String www = response.lines().filter(l -> l.startsWith("WWW-Authenticate:")).findFirst().orElseThrow();
        return DigestClient.status(response) + " " + www.replaceAll("nonce=\"[^\"]+\"", "nonce=*");
    }

    @Test
    void messagesOver16kGet513OnUdpAndTcp() throws Exception {
        double before = gw.metric("sbc_sip_oversized_total");
        String padding = "X-Padding: " + "a".repeat(20_000) + "\r\n";
        try (UdpPeer peer = new UdpPeer("127.0.0.16", gw.sipPort)) {
            String r = send(peer, peer.register("alice", "big-udp", 1, null), padding);
            assertEquals("SIP/2.0 513 Message Too Large", DigestClient.status(r));
        }
        assertEquals(before + 1, gw.metric("sbc_sip_oversized_total"));
        try (UdpPeer udp = new UdpPeer("127.0.0.16", gw.sipPort); TcpPeer tcp = new TcpPeer("127.0.0.16", gw.sipPort)) {
            String m = udp.register("alice", "big-tcp", 1, null).replace("SIP/2.0/UDP", "SIP/2.0/TCP")
                    .replace("Content-Length: 0\r\n", padding + "Content-Length: 0\r\n");
            tcp.send(m.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(tcp.finalResponse(3000).startsWith("SIP/2.0 513 "));
        }
        assertEquals(before + 2, gw.metric("sbc_sip_oversized_total"));
        try (UdpPeer probe = new UdpPeer("127.0.0.16", gw.sipPort)) {
            assertEquals("SIP/2.0 200 OK", DigestClient.status(send(probe, probe.options("after-big"), "")));
        }
    }

    @Test
    void floodOfBadPasswordsEndsInABanThatSparesOthers() throws Exception {
        try (UdpPeer attacker = new UdpPeer("127.0.0.2", gw.sipPort);
             UdpPeer honest = new UdpPeer("127.0.0.17", gw.sipPort)) {
            int answered = 0;
            for (int i = 0; i < 20; i++) { // bounded: 20 attempts at most
                String challenge = send(attacker, attacker.register("alice", "flood-" + i, 1, null), "");
                if (challenge == null) {
                    break; // banned: no answer any more
                }
                answered++;
                String auth = DigestClient.authorization("alice", "guess-" + i, DigestClient.nonce(challenge), uri, 1);
                send(attacker, attacker.register("alice", "flood-" + i, 2, auth), "");
            }
            assertEquals(5, answered, "the fifth failure must start the ban");
            assertNull(send(attacker, attacker.options("after-ban"), ""), "banned source gets no answer");
            assertEquals(1.0, gw.metric("sbc_auth_bans_total"));
            assertEquals(1.0, gw.metric("sbc_auth_banned_sources"));
            assertTrue(gw.metric("sbc_sip_blocked_total") >= 1);
            String ok = register(honest, "alice", TestGateway.ALICE_PASSWORD, "honest-1", "");
            assertEquals("SIP/2.0 200 OK", DigestClient.status(ok), "other sources are still served");
        }
    }
}

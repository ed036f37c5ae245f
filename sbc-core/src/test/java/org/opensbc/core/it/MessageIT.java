package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instant messages (RFC 3428) on the shipped defaults: a phone's MESSAGE reaches a registered
 * phone and, by a routing rule, a trunk, with the sender's address and Call-ID hidden; strangers,
 * unknown or absent users and oversized bodies get clear refusals; SUBSCRIBE is refused on purpose.
 */
@Timeout(180)
class MessageIT {

    private static final String ALICE_IP = "127.0.0.2";
    private static final String TRUNK_IP = "127.0.0.3";
    private static final String BOB_IP = "127.0.0.4";
    private static ShippedGateway gw;
    private static int trunkPort;

    @BeforeAll
    static void start() throws Exception {
        trunkPort = TestGateway.freeUdpAndTcpPort();
        String routing = java.nio.file.Files.readString(ShippedGateway.REPO.resolve("conf/routing.yaml"))
                .replace("trunks: []", "trunks:\n  - { name: carrier, host: " + TRUNK_IP + ", port: " + trunkPort + " }")
                .replace("  - name: nothing-else", "  - name: numbers-out\n"
                        + "    match: { requestUser: { regex: \"\\\\+[0-9]+\" } }\n"
                        + "    route: { trunk: carrier }\n"
                        + "  - name: nothing-else");
        gw = ShippedGateway.start(Map.of("routing.yaml", routing));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static List<String> alice(String to) {
        return List.of("alice;" + Sipp.auth("alice", ShippedGateway.password("alice")) + ";" + to);
    }

    @Test
    void aPhonesMessageReachesARegisteredPhoneWithNothingOfTheSender() throws Exception {
        int bobPort = TestGateway.freeUdpAndTcpPort();
        Sipp.Result registered = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", BOB_IP, bobPort,
                List.of("bob;" + Sipp.auth("bob", ShippedGateway.password("bob")))).await();
        assertEquals(0, registered.exitCode(), registered.output());
        Sipp.Running bob = Sipp.start("uas-message.xml", null, "u1", BOB_IP, bobPort, null);
        Thread.sleep(200);
        Sipp.Running alice = Sipp.start("uac-message.xml", "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP,
                TestGateway.freeUdpAndTcpPort(), alice("bob"));
        Sipp.Result sent = alice.await();
        Sipp.Result received = bob.await();
        assertEquals(0, sent.exitCode(), sent.output());
        assertEquals(0, received.exitCode(), received.output());

        String atBob = CallsSippIT.messages(bob.messages(), "received").get(0);
        assertTrue(atBob.startsWith("MESSAGE sip:bob@" + BOB_IP + ":" + bobPort), atBob);
        assertTrue(atBob.contains("Hello from alice: are you there?"), atBob);
        assertTrue(atBob.contains("From: \"Alice Liddell\" <sip:alice@"), "the sender's name and user: " + atBob);
        assertFalse(atBob.contains(ALICE_IP) || atBob.contains("desk-phone-7") || atBob.contains("10.20.30.40"),
                "nothing of the sender's topology or product: " + atBob);
        String callId = CallsSippIT.messages(alice.messages(), "sent").get(0).replaceAll("(?s).*Call-ID: ([^\\r\\n]+).*", "$1");
        assertFalse(atBob.contains(callId), "a Call-ID of the gateway's own");
        String answer = CallsSippIT.messages(alice.messages(), "received").stream()
                .filter(m -> m.startsWith("SIP/2.0 200")).findFirst().orElseThrow();
        assertFalse(answer.contains("recipient-phone") || answer.contains(BOB_IP), "nothing of bob's side: " + answer);
    }

    @Test
    void aMessageToANumberGoesToTheTrunkTheRulesName() throws Exception {
        Sipp.Running trunk = Sipp.start("uas-message.xml", null, "u1", TRUNK_IP, trunkPort, null);
        Thread.sleep(200);
        Sipp.Result sent = Sipp.start("uac-message.xml", "127.0.0.1:" + gw.sipPort, "u1", ALICE_IP,
                TestGateway.freeUdpAndTcpPort(), alice("+15551234")).await();
        Sipp.Result received = trunk.await();
        assertEquals(0, sent.exitCode(), sent.output());
        assertEquals(0, received.exitCode(), received.output());
        assertTrue(CallsSippIT.messages(trunk.messages(), "received").get(0)
                .startsWith("MESSAGE sip:+15551234@" + TRUNK_IP), trunk.messages());
    }

    @Test
    void strangersAbsentUsersAndOversizedMessagesGetClearAnswers() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.32", gw.sipPort)) {
            String foreign = message(peer, "m-foreign", "mallory@evil.example", "victim@elsewhere.example", "hi", null);
            peer.send(foreign);
            assertEquals("SIP/2.0 403 Forbidden", DigestClient.status(peer.finalResponse(3000)), "no open relay");

            // carol is a user of the gateway, and never registers in these tests
            String challenge = sendAndAnswer(peer, message(peer, "m-absent", "alice@127.0.0.1", "carol@127.0.0.1", "hi", null));
            assertTrue(challenge.startsWith("SIP/2.0 407"), challenge);
            String uri = "sip:carol@127.0.0.1:" + gw.sipPort;
            String auth = DigestClient.authorization("MESSAGE", "alice", ShippedGateway.password("alice"),
                    DigestClient.nonce(challenge), uri, 1);
            String absent = sendAndAnswer(peer, message(peer, "m-absent2", "alice@127.0.0.1", "carol@127.0.0.1", "hi", auth));
            assertTrue(absent.startsWith("SIP/2.0 480"), "carol has no contact: " + absent);

            String big = "x".repeat(17_000);
            String oversized = sendAndAnswer(peer, message(peer, "m-big", "alice@127.0.0.1", "bob@127.0.0.1", big, null));
            assertTrue(oversized.startsWith("SIP/2.0 413"), oversized);

            String extension = sendAndAnswer(peer, message(peer, "m-ext", "alice@127.0.0.1", "bob@127.0.0.1", "hi", null)
                    .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nRequire: x-teleport\r\n"));
            assertTrue(extension.startsWith("SIP/2.0 420") && extension.contains("\r\nUnsupported: x-teleport\r\n"),
                    "RFC 3261 8.2.2.3: a 420 names what it does not support: " + extension);

            String subscribe = sendAndAnswer(peer, message(peer, "m-sub", "alice@127.0.0.1", "bob@127.0.0.1", "", null)
                    .replace("MESSAGE", "SUBSCRIBE").replace("Content-Type: text/plain\r\n", "Event: presence\r\n"));
            assertTrue(subscribe.startsWith("SIP/2.0 405") && subscribe.contains("Allow: ")
                    && !subscribe.contains("SUBSCRIBE,") && !subscribe.contains("NOTIFY"), subscribe);
        }
    }

    private static String sendAndAnswer(UdpPeer peer, String request) throws Exception {
        peer.send(request);
        String answer = peer.finalResponse(3000);
        assertTrue(answer != null, "no answer to " + request.substring(0, Math.min(200, request.length())));
        return answer;
    }

    private static String message(UdpPeer peer, String callId, String from, String to, String body, String auth) {
        String ruri = "sip:" + to.replace("@127.0.0.1", "@127.0.0.1:" + gw.sipPort);
        return "MESSAGE " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + peer.ip() + ":" + peer.port() + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + from + ">;tag=" + callId + "\r\n"
                + "To: <sip:" + to + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + (auth == null ? "" : "Proxy-Authorization: " + auth + "\r\n")
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }
}

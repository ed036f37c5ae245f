package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JsSIP pages on the shipped defaults, for what the older JsSIP suites did not cover: instant
 * messages both ways (browser to browser, phone to browser, browser to phone), and a browser whose
 * WebSocket breaks as on a network change, which must be reachable again as soon as JsSIP has
 * reconnected, not at its next refresh.
 */
@Timeout(240)
class JsSipInteropIT {

    private static final String CAROL_IP = "127.0.0.4";
    private static final String DAVE_IP = "127.0.0.5";
    private static ShippedGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = ShippedGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @AfterEach
    void released() throws Exception {
        gw.awaitCallsReleased();
    }

    private static BrowserPhone browser(String user, boolean autoAnswer) throws Exception {
        return BrowserPhone.register(gw.wssPort, user, ShippedGateway.password(user), autoAnswer, null, null);
    }

    @Test
    void messagesGoBothWaysBetweenBrowsersAndPhones() throws Exception {
        try (BrowserPhone alice = browser("alice", false); BrowserPhone bob = browser("bob", false)) {
            alice.send("message sip:bob@127.0.0.1 hello bob, this is alice");
            assertTrue(alice.await(15, "messageSent", "messageFailed").contains("\"event\":\"messageSent\""),
                    alice.seen().toString());
            String got = bob.await("message", 10);
            assertTrue(got.contains("hello bob, this is alice") && got.contains("\"from\":\"sip:alice@"), got);

            // a desk phone writes to alice's page
            Sipp.Result phone = Sipp.start("uac-message.xml", "127.0.0.1:" + gw.sipPort, "u1", DAVE_IP,
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("dave;" + Sipp.auth("dave", ShippedGateway.password("dave")) + ";alice")).await();
            assertEquals(0, phone.exitCode(), phone.output());
            String fromPhone = alice.await("message", 10);
            assertTrue(fromPhone.contains("Hello from dave: are you there?") && fromPhone.contains("sip:dave@"), fromPhone);
            assertFalse(fromPhone.contains(DAVE_IP), "the phone's address stays on its side: " + fromPhone);

            // and the page writes back to a registered desk phone
            int carolPort = TestGateway.freeUdpAndTcpPort();
            Sipp.Result registered = Sipp.start("register.xml", "127.0.0.1:" + gw.sipPort, "u1", CAROL_IP, carolPort,
                    List.of("carol;" + Sipp.auth("carol", ShippedGateway.password("carol")))).await();
            assertEquals(0, registered.exitCode(), registered.output());
            Sipp.Running carol = Sipp.start("uas-message.xml", null, "u1", CAROL_IP, carolPort, null);
            Thread.sleep(200);
            alice.send("message sip:carol@127.0.0.1 ok carol, noted");
            assertTrue(alice.await(15, "messageSent", "messageFailed").contains("\"event\":\"messageSent\""),
                    alice.seen().toString());
            Sipp.Result received = carol.await();
            assertEquals(0, received.exitCode(), received.output());
            String atCarol = CallsSippIT.messages(carol.messages(), "received").get(0);
            assertTrue(atCarol.contains("ok carol, noted") && atCarol.contains("sip:alice@"), atCarol);
        }
    }

    @Test
    void aBrowserWhoseWebSocketBreaksIsReachableAgainAtOnce() throws Exception {
        try (BrowserPhone alice = browser("alice", false); BrowserPhone bob = browser("bob", true)) {
            String registered = bob.seen().stream().filter(e -> e.contains("\"event\":\"registered\"")).findFirst()
                    .orElseThrow();
            assertTrue(registered.contains("\"require\":\"outbound\"") && registered.contains("\"flowTimer\":\"60\""),
                    "JsSIP asks for outbound (RFC 5626) and gets it: " + registered);
            String before = gw.admin("/registrations");
            bob.send("drop");
            bob.await("disconnected", 10);
            // JsSIP reconnects (its recovery timer: 2 s at first) and registers on the new connection
            bob.await("reregistered", 20);
            String after = gw.admin("/registrations");
            assertFalse(flowOf(after, "bob").equals(flowOf(before, "bob")), "bob is bound to his new WebSocket: " + after);
            assertEquals(1, count(after, "\"aor\":\"bob@"), "the old binding is replaced, not kept beside: " + after);

            alice.send("call sip:bob@127.0.0.1");
            bob.await("incoming", 15);
            alice.await("confirmed", 20);
            alice.send("hangup");
            alice.await("ended", 10);
        }
    }

    /** The flow of {@code user}'s binding in a /registrations listing. */
    private static String flowOf(String listing, String user) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"aor\":\"" + user + "@[^\"]*\"[^}]*\"flow\":\"([^\"]*)\"").matcher(listing);
        assertTrue(m.find(), "no binding of " + user + ": " + listing);
        return m.group(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}

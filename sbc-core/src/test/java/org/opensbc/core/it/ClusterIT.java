package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19: two gateway processes (the shipped conf/, each on its own ports, `state.store:
 * redis`) sharing a real redis-server. A browser registered on node B is called by a SIPp phone
 * through node A, audio both ways (A passes the call to B, which holds the WebSocket). Then B is
 * killed: A drops it from the cluster within 10 s, a SIPp phone that registered through B is
 * still called through A, and the browser, whose page knows both nodes, reconnects to A and is
 * called there.
 */
@Timeout(300)
class ClusterIT {

    private static final String PHONE_IP = "127.0.0.5";
    private static final String DAVE_IP = "127.0.0.6";
    private static RedisServer redis;
    private static Path tone;

    @BeforeAll
    static void redis() throws Exception {
        redis = RedisServer.start();
        tone = ToneWav.write(TempDirs.create("tone").resolve("tone-1khz.wav"), 1000, 2.0, 0.5);
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static ShippedGateway node(String id, int extraOffset) throws Exception {
        return ShippedGateway.startNode(extraOffset, yaml -> yaml.replace("  store: embedded", "  store: redis")
                .replace("  nodeId: \"\"", "  nodeId: " + id)
                .replace("redis://127.0.0.1:6379", redis.url()));
    }

    @Test
    void aBrowserOnNodeBIsCalledThroughNodeAAndOutlivesNodeB() throws Exception {
        try (ShippedGateway a = node("node-a", 0); ShippedGateway b = node("node-b", 100)) {
            awaitNodes(a, 2);
            int daveListens = TestGateway.freeUdpAndTcpPort();
            SippPhones.register(b, "dave", DAVE_IP, daveListens);

            try (BrowserPhone carol = BrowserPhone.registerWithFallback(b.wssPort, a.wssPort, "carol",
                    ShippedGateway.password("carol"), true, tone)) {
                awaitListing(a, "\"node\":\"node-b\"", 2); // carol's and dave's bindings reached node A
                phoneCallsCarol(a, carol);

                b.kill();
                long killed = System.nanoTime();
                awaitNodes(a, 1);
                long gone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                assertTrue(gone <= 10_500,
                        "node B dropped from the cluster " + gone + " ms after its death (10 s, and the poll)");

                assertEquals(0, SippPhones.callFromAlice(a, "dave", DAVE_IP, daveListens),
                        "dave, registered through the dead node B, is called through A");

                carol.await(60, "reregistered"); // JsSIP went over to its second socket: node A
                awaitListing(a, "\"node\":\"node-a\"", 1);
                phoneCallsCarol(a, carol);
            }
            a.awaitCallsReleased();
        }
    }

    /** A registered SIPp phone calls carol through node A; both directions of audio are checked. */
    private static void phoneCallsCarol(ShippedGateway a, BrowserPhone carol) throws Exception {
        try (RtpEchoCapture phoneMedia = new RtpEchoCapture(PHONE_IP, 0)) {
            Sipp.Running phone = Sipp.start("uac-call-media-browser.xml", "127.0.0.1:" + a.sipPort, "u1", PHONE_IP,
                    TestGateway.freeUdpAndTcpPort(), List.of("bob;" + Sipp.auth("bob", ShippedGateway.password("bob"))
                            + ";carol;" + PHONE_IP + ";" + phoneMedia.port()));
            carol.await("confirmed", 30);
            BrowserPhone.Stats stats = carol.awaitAudio(50, 20);
            assertEquals("connected", stats.text("dtlsState"), stats.json());
            assertTrue(stats.number("totalAudioEnergy") > 0, "carol hears the phone: " + stats.json());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (phoneMedia.rms() <= 1000 && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            assertTrue(phoneMedia.rms() > 1000, "the phone hears carol's tone, RMS " + phoneMedia.rms());
            carol.send("hangup");
            carol.await("ended", 10);
            Sipp.Result r = phone.await();
            assertEquals(0, r.exitCode(), r.output());
        }
    }

    private static void awaitNodes(ShippedGateway gw, int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String listing = "";
        while (System.nanoTime() < end) {
            listing = gw.admin("/cluster");
            if (occurrences(listing, "\"sipAddress\"") == count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("expected " + count + " nodes: " + listing);
    }

    private static void awaitListing(ShippedGateway gw, String text, int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String listing = "";
        while (System.nanoTime() < end) {
            listing = gw.admin("/registrations");
            if (occurrences(listing, text) >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("expected " + count + " x " + text + " in " + listing);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

package org.opensbc.core.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.routing.PolicyFile;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.rules.Environment;
import org.opensbc.rules.acl.AclFile;
import org.opensbc.rules.acl.AclPolicy;
import org.opensbc.sip.admission.SourceFilter.Admission;
import org.opensbc.sip.pipeline.StageResult;
import org.opensbc.sip.pipeline.StageResult.Reply;

/**
 * The access stage on the UDP reader (before parsing) and on parsed requests: bans dropped unread, a
 * flood metered per datagram and answered 503 at most once a second, trunks exempt.
 */
class AccessControlTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(SECOND);
    private final AuthFailureTracker bans = new AuthFailureTracker(Clock.systemUTC(), 2, Duration.ofMinutes(1),
            Duration.ofMinutes(10));
    private AccessControl access;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("acl.yaml"), """
                rateLimit: { requestsPerSecond: 10, burst: 20, banSeconds: 30 }
                methods: { trunk: [INVITE, ACK, OPTIONS], other: [REGISTER, INVITE, ACK, OPTIONS] }
                """);
        Files.writeString(dir.resolve("routing.yaml"), """
                trunks:
                  - { name: trunk-a, host: 192.0.2.50, port: 5060 }
                rules:
                  - name: out
                    match: { requestUser: { prefix: "+" } }
                    route: { trunk: trunk-a }
                """);
        RoutingTable routing = new RoutingTable(dir.resolve("routing.yaml"), null, Environment.NONE, false);
        PolicyFile<AclPolicy> acl = new PolicyFile<>(dir.resolve("acl.yaml"),
                (text, name, previous) -> AclFile.parse(text, name, routing.trunkNames()), AclPolicy::defaults);
        access = new AccessControl(bans, acl, routing, new RateLimiter(now::get), now::get);
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private StageResult request(String source, String transport, String method) {
        return access.decide(source, transport, method, false, "phone/1.0");
    }

    @Test
    void aSourceBannedForFailedAuthenticationIsDroppedUnreadAndNeverAnswered() throws Exception {
        bans.recordFailure("198.51.100.7");
        bans.recordFailure("198.51.100.7");
        for (int i = 0; i < 100; i++) {
            assertEquals(Admission.DROP, access.admit(ip("198.51.100.7")), "datagram " + i);
            now.addAndGet(SECOND); // never a read a second, unlike a rate ban: a guesser learns nothing
        }
        assertEquals(StageResult.BANNED, request("198.51.100.7", "tcp", "REGISTER"));
        assertEquals(Admission.ADMIT, access.admit(ip("198.51.100.8")), "others go on");
        assertEquals(0, access.rateAnswered());
    }

    @Test
    void aFloodIsMeteredPerDatagramAndReadOnceASecondOnceBanned() throws Exception {
        InetAddress flooder = ip("198.51.100.7");
        int admitted = 0;
        int shared = 0;
        for (int i = 0; i < 10_000; i++) {
            switch (access.admit(flooder)) {
                case ADMIT -> admitted++;
                case SHARED -> shared++;
                case DROP -> { }
            }
        }
        assertEquals(10, admitted, "half the burst at full standing");
        assertEquals(10 + 1, shared, "the rest of the burst behind the others, and one read of the banned source");
        assertEquals(10_000 - 21, access.rateLimited(), "dropped unread");
        assertEquals(Admission.ADMIT, access.admit(ip("198.51.100.8")), "another source is untouched");
        now.addAndGet(SECOND);
        assertEquals(Admission.SHARED, access.admit(flooder), "a second later: one more read");
        assertEquals(Admission.DROP, access.admit(flooder));
    }

    @Test
    void theOneDatagramASecondReadOfABannedSourceIsAnswered503WithRetryAfter() throws Exception {
        for (int i = 0; i < 20; i++) {
            access.admit(ip("198.51.100.7")); // the burst, queued
        }
        assertEquals(Admission.SHARED, access.admit(ip("198.51.100.7")), "banned, and this one read");
        now.addAndGet(SECOND / 2);
        for (int i = 0; i < 20; i++) { // what was queued before the ban is not answered, only the one read
            StageResult result = request("198.51.100.7", "udp", "REGISTER");
            assertEquals(i == 0 ? 503 : 0, result instanceof Reply reply ? reply.status() : 0, "request " + i);
            assertEquals(i > 0, result == StageResult.BANNED, "request " + i);
        }
        now.addAndGet(SECOND);
        assertEquals(Admission.SHARED, access.admit(ip("198.51.100.7")));
        assertEquals(StageResult.BANNED, request("198.51.100.7", "udp", "ACK"), "an ACK is never answered");
        Reply second = (Reply) request("198.51.100.7", "udp", "OPTIONS");
        assertEquals(503, second.status(), "the ACK took no answer away");
        assertEquals(29, second.retryAfter(), "28.5 s left, rounded up");
        assertEquals(2, access.rateAnswered());
    }

    @Test
    void overTcpABannedSourceIsAnswered503AtMostOnceASecond() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(StageResult.CONTINUE, request("198.51.100.9", "tcp", "OPTIONS"), "request " + i + " of the burst");
        }
        Reply refused = (Reply) request("198.51.100.9", "tcp", "OPTIONS");
        assertEquals(503, refused.status());
        assertEquals(30, refused.retryAfter());
        for (int i = 0; i < 100; i++) {
            assertEquals(StageResult.BANNED, request("198.51.100.9", "tcp", "OPTIONS"), "the same second");
        }
        now.addAndGet(SECOND);
        assertEquals(503, ((Reply) request("198.51.100.9", "tcp", "OPTIONS")).status());
    }

    @Test
    void udpRequestsAreMeteredOnceAsDatagramsOtherTransportsInTheStack() throws Exception {
        for (int i = 0; i < 20; i++) {
            access.admit(ip("198.51.100.7"));
            assertEquals(StageResult.CONTINUE, request("198.51.100.7", "udp", "OPTIONS"), "request " + i + " of the burst");
        }
        assertEquals(Admission.SHARED, access.admit(ip("198.51.100.7")), "the 21st datagram: banned");
    }

    @Test
    void trunksAreNeverMetered() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Admission.ADMIT, access.admit(ip("192.0.2.50")), "datagram " + i);
            assertEquals(StageResult.CONTINUE, request("192.0.2.50", "tcp", "OPTIONS"));
        }
        assertEquals(0, access.rateLimited());
    }

    @Test
    void aMethodItsSourceClassMayNotSendIs405NamingThoseItMay() {
        Reply phone = (Reply) request("198.51.100.10", "udp", "SUBSCRIBE");
        assertEquals(405, phone.status());
        assertEquals(List.of("REGISTER", "INVITE", "ACK", "OPTIONS", "CANCEL"), phone.allow(), "CANCEL always");
        assertEquals(List.of("INVITE", "ACK", "OPTIONS", "CANCEL"), ((Reply) request("192.0.2.50", "udp", "SUBSCRIBE")).allow(),
                "a trunk's list");
        assertEquals(StageResult.CONTINUE, access.decide("198.51.100.10", "udp", "SUBSCRIBE", true, null), "inside a dialog");
    }
}

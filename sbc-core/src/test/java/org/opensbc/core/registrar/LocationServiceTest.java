package org.opensbc.core.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.core.auth.MutableClock;
import org.opensbc.core.config.GatewayConfig;

class LocationServiceTest {

    private final MutableClock clock = new MutableClock();
    private final LocationService location = new LocationService(clock, new GatewayConfig.Registrar(60, 3600, 600, 3));

    private static ContactSpec contact(String uri, int expires) {
        return new ContactSpec(uri, "<" + uri + ">", expires, null, 0);
    }

    private static RegisterRequest req(String callId, long cseq, int expiresHeader, String flow, ContactSpec... c) {
        return new RegisterRequest("alice@example.com", callId, cseq, false, expiresHeader, List.of(c), null, flow, null,
                "z9hG4bK" + callId + cseq);
    }

    @Test
    void addRefreshAndRemove() {
        var ok = (RegisterOutcome.Accepted) location.register(req("c1", 1, -1, null, contact("sip:a@192.0.2.1", -1)));
        assertEquals(600, ok.bindings().get(0).secondsLeft(clock.millis()), "default expires");
        location.register(req("c1", 2, 120, null, contact("sip:a@192.0.2.1", -1)));
        assertEquals(120, location.lookup("alice@example.com").get(0).secondsLeft(clock.millis()));
        location.register(req("c1", 3, -1, null, contact("sip:a@192.0.2.1", 0)));
        assertEquals(0, location.bindingCount());
    }

    @Test
    void retransmissionIsAnsweredWithoutChange() {
        location.register(req("c1", 5, 300, null, contact("sip:a@192.0.2.1", -1)));
        clock.advance(Duration.ofSeconds(10));
        var again = assertInstanceOf(RegisterOutcome.Accepted.class,
                location.register(req("c1", 5, 300, null, contact("sip:a@192.0.2.1", -1))));
        assertEquals(290, again.bindings().get(0).secondsLeft(clock.millis()), "not refreshed by a retransmission");
    }

    @Test
    void outOfOrderCseqIsRefusedAndBriefIntervalGets423() {
        location.register(req("c1", 5, 300, null, contact("sip:a@192.0.2.1", -1)));
        var refused = assertInstanceOf(RegisterOutcome.Refused.class, location.register(new RegisterRequest(
                "alice@example.com", "c1", 5, false, 300, List.of(contact("sip:a@192.0.2.1", -1)), null, null, null,
                "z9hG4bKother")));
        assertEquals(500, refused.status());
        var brief = assertInstanceOf(RegisterOutcome.IntervalTooBrief.class,
                location.register(req("c2", 1, 30, null, contact("sip:a@192.0.2.1", -1))));
        assertEquals(60, brief.minExpires());
    }

    @Test
    void instanceKeysReplaceTheOldBindingOfAReconnectedBrowser() {
        ContactSpec first = new ContactSpec("sip:x1@h.invalid;transport=ws", "<sip:x1@h.invalid;transport=ws>", -1, "<urn:uuid:1>", 1);
        ContactSpec again = new ContactSpec("sip:x2@h.invalid;transport=ws", "<sip:x2@h.invalid;transport=ws>", -1, "<urn:uuid:1>", 1);
        location.register(req("c1", 1, 300, "WSS:192.0.2.5:1000", first));
        location.register(req("c9", 1, 300, "WSS:192.0.2.5:2000", again));
        List<Binding> now = location.lookup("alice@example.com");
        assertEquals(1, now.size());
        assertEquals("sip:x2@h.invalid;transport=ws", now.get(0).contactUri());
        assertEquals(0, location.removeFlow("WSS:192.0.2.5:1000"), "the old flow owns nothing any more");
        assertEquals(1, location.removeFlow("WSS:192.0.2.5:2000"));
        assertEquals(0, location.bindingCount());
    }

    @Test
    void clampsToMaxAndCapsContactsPerUser() {
        location.register(req("c1", 1, 99999, null, contact("sip:a@192.0.2.1", -1)));
        assertEquals(3600, location.lookup("alice@example.com").get(0).secondsLeft(clock.millis()));
        var refused = assertInstanceOf(RegisterOutcome.Refused.class, location.register(req("c2", 1, 300, null,
                contact("sip:b@192.0.2.1", -1), contact("sip:c@192.0.2.1", -1), contact("sip:d@192.0.2.1", -1))));
        assertEquals(403, refused.status());
        assertEquals(1, location.bindingCount());
    }

    @Test
    void wildcardRemovesAllAndNeedsExpiresZero() {
        location.register(req("c1", 1, 300, null, contact("sip:a@192.0.2.1", -1), contact("sip:b@192.0.2.1", -1)));
        var bad = assertInstanceOf(RegisterOutcome.Refused.class, location.register(
                new RegisterRequest("alice@example.com", "c2", 1, true, 300, List.of(), null, null, null, "z9hG4bKw")));
        assertEquals(400, bad.status());
        location.register(new RegisterRequest("alice@example.com", "c2", 1, true, 0, List.of(), null, null, null, "z9hG4bKw"));
        assertEquals(0, location.bindingCount());
    }

    @Test
    void expiredBindingsArePurged() {
        location.register(req("c1", 1, 60, null, contact("sip:a@192.0.2.1", -1)));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, location.lookup("alice@example.com").size());
        location.purgeExpired();
        assertEquals(0, location.bindingCount());
        assertEquals(0, location.aorCount());
    }
}

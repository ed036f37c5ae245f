package org.opensbc.core.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.core.auth.MutableClock;
import org.opensbc.core.config.GatewayConfig;

/** What the location service tells its journal (the state store), and what it takes back from it. */
class LocationJournalTest {

    private final MutableClock clock = new MutableClock();
    private final List<String> told = new ArrayList<>();
    private boolean storeTakesIt = true;
    private final LocationService location = new LocationService(clock, new GatewayConfig.Registrar(60, 3600, 600, 3),
            "node-a", (aor, before, after) -> {
                told.add(aor + ":" + before.size() + "->" + after.size());
                return storeTakesIt;
            });

    private static RegisterRequest req(String callId, long cseq, int expires, String flow, String uri) {
        return new RegisterRequest("alice@example.com", callId, cseq, false, expires,
                List.of(new ContactSpec(uri, "<" + uri + ">", -1, null, 0)), null, flow, null, "z9hG4bK" + callId + cseq);
    }

    @Test
    void everyChangeIsToldWithTheNodeThatTookIt() {
        location.register(req("c1", 1, 300, "WSS:192.0.2.5:1000", "sip:a@h.invalid;transport=ws"));
        location.register(req("c1", 2, 0, null, "sip:a@h.invalid;transport=ws"));
        location.register(req("c2", 1, 300, "WSS:192.0.2.5:2000", "sip:b@h.invalid;transport=ws"));
        assertEquals("node-a", location.lookup("alice@example.com").get(0).node());
        location.removeFlow("WSS:192.0.2.5:2000");
        assertEquals(List.of("alice@example.com:0->1", "alice@example.com:1->0", "alice@example.com:0->1",
                "alice@example.com:1->0"), told);
    }

    @Test
    void aRegisterTheStoreCannotTakeIsRefusedAndChangesNothing() {
        storeTakesIt = false;
        var refused = assertInstanceOf(RegisterOutcome.Unavailable.class,
                location.register(req("c1", 1, 300, null, "sip:a@192.0.2.1")));
        assertTrue(refused.retryAfterSeconds() > 0);
        assertEquals(0, location.bindingCount());
        assertEquals(List.of(), location.lookup("alice@example.com"));
    }

    @Test
    void restoredAndForgottenBindingsAreNotToldBack() {
        Binding remote = new Binding("k1", "<sip:b@192.0.2.9>", "sip:b@192.0.2.9", null, 0, "c9", 1,
                clock.millis() + 60_000, null, "WSS:192.0.2.5:1000", "ws", 0, clock.millis(), "node-b", false);
        location.restore("alice@example.com", remote);
        location.restore("alice@example.com", remote); // again: replaced, not doubled
        assertEquals(1, location.bindingCount());
        assertEquals(0, location.removeFlow("WSS:192.0.2.5:1000"), "another node's connection is not closed here");
        location.forget("alice@example.com", "k1");
        assertEquals(0, location.bindingCount());
        assertEquals(List.of(), told);
    }

    @Test
    void aLapsedBindingIsNotRestored() {
        location.restore("alice@example.com", new Binding("k1", "<sip:b@192.0.2.9>", "sip:b@192.0.2.9", null, 0, "c9", 1,
                clock.millis() - 1, null, null, null, 0, 0, "node-a", false));
        assertEquals(0, location.bindingCount());
    }

    @Test
    void bindingsRoundTripThroughTheirStoredForm() throws IOException {
        Binding full = new Binding("<urn:uuid:1>#1", "<sip:x@h.invalid;transport=ws>;+sip.instance=\"<urn:uuid:1>\"",
                "sip:x@h.invalid;transport=ws", "<urn:uuid:1>", 1, "call-1", 42, 1_700_000_000_000L, "UDP:192.0.2.1:5060",
                "WSS:192.0.2.5:1000", "behind NAT", 12345, 1_699_999_000_000L, "node-a", true);
        assertEquals(full, BindingCodec.decode(BindingCodec.encode(full)));
        Binding sparse = new Binding("sip:a@192.0.2.1", "<sip:a@192.0.2.1>", "sip:a@192.0.2.1", null, 0, "c", 1, 5,
                null, null, null, 0, 0, null, false);
        assertEquals(sparse, BindingCodec.decode(BindingCodec.encode(sparse)));
    }
}

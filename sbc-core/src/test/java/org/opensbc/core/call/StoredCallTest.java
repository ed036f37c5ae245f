package org.opensbc.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredCallTest {

    static final StoredLeg CALLER = new StoredLeg("a84b4c76e66710@pc33.example.com", "9fxced76sl", "1928301774",
            "<sip:bob@example.com>", "\"Alice\" <sip:alice@example.com>", "sip:alice@192.0.2.4:5070;transport=udp",
            List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"), 1, "UDP:192.0.2.4:5070");
    static final StoredLeg CALLEE = new StoredLeg("8f3c9e0a1b2c3d4e", "6b8a1f", "314159", "<sip:alice@example.com>",
            "<sip:bob@example.com>", "sip:bob@[2001:db8::7]:5060", List.of(), 315, "UDP:2001:db8::7:5060");

    @Test
    void anAnsweredCallRoundTripsWithEveryField() throws IOException {
        CallSnapshot up = new CallSnapshot(CallState.CONFIRMED, 486, 1,
                List.of(ForkState.started(false).asFinished(), ForkState.started(true).withProvisional().asFinished()));
        StoredCall call = new StoredCall(42, Instant.parse("2026-12-01T10:00:00.123456789Z"),
                Instant.parse("2026-12-01T10:00:04Z"), Instant.parse("2026-12-01T10:05:00.5Z"), "alice@example.com",
                "+15551234@example.com", "carrier-a", up, CALLER, CALLEE);
        byte[] bytes = call.toBytes();

        StoredCall read = StoredCall.fromBytes(bytes);

        assertEquals(call, read);
        assertEquals(CALLER.routeSet(), read.callerLeg().routeSet());
        assertEquals(315, read.calleeLeg().nextLocalCseq());
        assertEquals("a84b4c76e66710@pc33.example.com", read.callerCallId());
        assertEquals("8f3c9e0a1b2c3d4e", read.calleeCallId());
        assertTrue(bytes.length < 512, bytes.length + " bytes");
    }

    @Test
    void aCallWithoutAnswerTrunkOrCalleeLegRoundTrips() throws IOException {
        StoredCall call = new StoredCall(1, Instant.EPOCH, null, Instant.EPOCH, "ø@example.com", "bob@example.com",
                null, CallSnapshot.ringing(), CALLER, null);
        StoredCall read = StoredCall.fromBytes(call.toBytes());
        assertEquals(call, read);
        assertEquals(null, read.calleeCallId());
    }

    @Test
    void onlyUdpLegsCountAsReachableAfterARestart() {
        assertTrue(CALLER.overUdp());
        assertTrue(CALLEE.overUdp());
        for (String hop : List.of("WSS:127.0.0.1:52344", "TCP:192.0.2.9:5060", "TLS:192.0.2.9:5061", "WS:[::1]:80")) {
            assertFalse(new StoredLeg("c", "l", "r", "<sip:a@b>", "<sip:c@d>", "sip:c@d", List.of(), 1, hop).overUdp(),
                    hop);
        }
    }

    @Test
    void anotherFormatIsRefused() {
        byte[] bytes = new StoredCall(1, Instant.EPOCH, null, Instant.EPOCH, "a", "b", null, CallSnapshot.ringing(),
                CALLER, null).toBytes();
        bytes[0] = 1;
        assertThrows(IOException.class, () -> StoredCall.fromBytes(bytes));
    }

    @Test
    void aTruncatedRecordIsRefused() {
        byte[] bytes = new StoredCall(1, Instant.EPOCH, null, Instant.EPOCH, "a", "b", null, CallSnapshot.ringing(),
                CALLER, CALLEE).toBytes();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        assertThrows(IOException.class, () -> StoredCall.fromBytes(cut));
    }
}

package org.opensbc.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredCallTest {

    @Test
    void anAnsweredCallRoundTrips() throws IOException {
        CallSnapshot up = new CallSnapshot(CallState.CONFIRMED, 486, 1,
                List.of(ForkState.started(false).asFinished(), ForkState.started(true).withProvisional().asFinished()));
        StoredCall call = new StoredCall(42, Instant.parse("2026-12-01T10:00:00.123456789Z"),
                Instant.parse("2026-12-01T10:00:04Z"), "alice@example.com", "+15551234@example.com", "a84b4c76e66710",
                "9f1c2e", up);
        byte[] bytes = call.toBytes();
        assertEquals(call, StoredCall.fromBytes(bytes));
        assertTrue(bytes.length < 120, bytes.length + " bytes");
    }

    @Test
    void aRingingCallWithoutAnswerOrCalleeRoundTrips() throws IOException {
        StoredCall call = new StoredCall(1, Instant.EPOCH, null, "ø@example.com", "bob@example.com", "x", null,
                CallSnapshot.ringing());
        assertEquals(call, StoredCall.fromBytes(call.toBytes()));
    }

    @Test
    void anotherFormatIsRefused() {
        byte[] bytes = new StoredCall(1, Instant.EPOCH, null, "a", "b", "x", null, CallSnapshot.ringing()).toBytes();
        bytes[0] = 2;
        assertThrows(IOException.class, () -> StoredCall.fromBytes(bytes));
    }
}
